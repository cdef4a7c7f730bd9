import {
  listsTechdocsCore,
  techdocsMetadata,
  withTechdocsCoreEquivalent,
} from './techdocsCore';

describe('withTechdocsCoreEquivalent', () => {
  it('sets the Material theme as techdocs-core does, without external fonts, replacing another theme', () => {
    expect(
      withTechdocsCoreEquivalent({
        theme: { name: 'readthedocs', logo: 'x.png' },
      }).theme,
    ).toEqual({
      name: 'material',
      features: ['navigation.footer', 'content.action.edit'],
      palette: {},
      font: false,
    });
  });

  it("keeps a Material theme's own options, adds its features, and never loads fonts from outside", () => {
    expect(
      withTechdocsCoreEquivalent({
        theme: {
          name: 'material',
          logo: 'logo.png',
          features: ['navigation.tabs'],
          palette: { primary: 'red' },
          font: { text: 'Roboto' },
        },
      }).theme,
    ).toEqual({
      name: 'material',
      logo: 'logo.png',
      features: ['navigation.tabs', 'navigation.footer', 'content.action.edit'],
      palette: {},
      font: false,
    });
  });

  it('replaces techdocs-core by the search plugin and keeps the other settings', () => {
    const config = withTechdocsCoreEquivalent({
      site_name: 'Cart',
      nav: [{ Overview: 'index.md' }],
      plugins: ['techdocs-core', { search: { lang: 'de' } }],
    });
    expect(config.plugins).toEqual(['search']);
    expect(config.site_name).toBe('Cart');
    expect(config.nav).toEqual([{ Overview: 'index.md' }]);
  });

  it("appends techdocs-core's extensions after the user's, once each, the user's options over its defaults", () => {
    const config = withTechdocsCoreEquivalent({
      markdown_extensions: [
        'footnotes',
        { toc: { toc_depth: 3 } },
        { 'pymdownx.highlight': { linenums: false } },
      ],
    });
    expect(config.markdown_extensions).toEqual([
      'footnotes',
      { toc: { permalink: true, toc_depth: 3 } },
      { 'pymdownx.highlight': { linenums: false, pygments_lang_class: true } },
      'admonition',
      'pymdownx.details',
      { 'pymdownx.tabbed': { alternate_style: true } },
      'pymdownx.caret',
      'pymdownx.critic',
      'pymdownx.inlinehilite',
      'pymdownx.magiclink',
      'pymdownx.mark',
      'pymdownx.smartsymbols',
      { 'pymdownx.extra': { 'pymdownx.betterem': { smart_enable: 'all' } } },
      { 'pymdownx.tasklist': { custom_checkbox: true } },
      'pymdownx.tilde',
    ]);
  });

  it('moves the options of extensions that pymdownx.extra loads under it, as techdocs-core does', () => {
    const config = withTechdocsCoreEquivalent({
      markdown_extensions: [
        { 'pymdownx.superfences': { preserve_tabs: true } },
        { 'pymdownx.betterem': { smart_enable: 'none' } },
      ],
    });
    const extensions = config.markdown_extensions as unknown[];
    expect(extensions.slice(0, 2)).toEqual([
      'pymdownx.superfences',
      'pymdownx.betterem',
    ]);
    expect(extensions).toContainEqual({
      'pymdownx.extra': {
        'pymdownx.betterem': { smart_enable: 'none' },
        'pymdownx.superfences': { preserve_tabs: true },
      },
    });
  });

  it('enables nothing that reads files by path or links to a CDN', () => {
    const names = (
      withTechdocsCoreEquivalent({}).markdown_extensions as unknown[]
    ).map(entry =>
      typeof entry === 'string' ? entry : Object.keys(entry as object)[0],
    );
    expect(names).not.toContain('pymdownx.snippets');
    expect(names).not.toContain('pymdownx.emoji');
  });
});

describe('listsTechdocsCore', () => {
  it.each([
    [{ plugins: ['techdocs-core'] }, true],
    [{ plugins: [{ 'techdocs-core': { use_material_search: true } }] }, true],
    [{ plugins: { 'techdocs-core': null } }, true],
    [{ plugins: ['search'] }, false],
    [{}, false],
  ])('%j: %s', (config, expected) => {
    expect(listsTechdocsCore(config)).toBe(expected);
  });
});

describe('techdocsMetadata', () => {
  it("is what techdocs-core's template renders: the name and description, None when unset", () => {
    expect(
      techdocsMetadata({ site_name: 'Cart', site_description: 'Carts.' }),
    ).toEqual({
      site_name: 'Cart',
      site_description: 'Carts.',
    });
    expect(techdocsMetadata({ site_name: 'Cart' }).site_description).toBe(
      'None',
    );
  });
});
