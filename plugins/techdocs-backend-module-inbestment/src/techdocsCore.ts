/**
 * What Backstage's `techdocs-core` mkdocs plugin (mkdocs-techdocs-core, run by
 * `techdocs-cli generate` in production CI) does to a docs config, written out as
 * plain mkdocs settings that Debian's mkdocs 1.4, mkdocs-material 8.2 and
 * pymdown-extensions 9.5 build without the plugin (which is not packaged for
 * Debian). Everything techdocs-core turns on that Debian has is here; what it
 * turns on that Debian lacks, or that this portal refuses, is listed in
 * `techdocsCoreParts.left` and in the README.
 */

/** Name of the plugin in an mkdocs config. */
export const techdocsCorePlugin = 'techdocs-core';

type Options = Record<string, unknown>;

/** Markdown extensions techdocs-core appends, in its order, with its options. */
const coreExtensions: [string, Options | null][] = [
  ['toc', { permalink: true }],
  ['admonition', null],
  ['pymdownx.details', null],
  ['pymdownx.tabbed', { alternate_style: true }],
  ['pymdownx.caret', null],
  ['pymdownx.critic', null],
  ['pymdownx.inlinehilite', null],
  ['pymdownx.magiclink', null],
  ['pymdownx.mark', null],
  ['pymdownx.smartsymbols', null],
  ['pymdownx.highlight', { linenums: true, pygments_lang_class: true }],
  ['pymdownx.extra', null],
  ['pymdownx.tasklist', { custom_checkbox: true }],
  ['pymdownx.tilde', null],
];

/** Options techdocs-core sets for extensions that `pymdownx.extra` loads (it moves them under `pymdownx.extra`). */
const coreExtraOptions: Record<string, Options> = {
  'pymdownx.betterem': { smart_enable: 'all' },
};

/** The extensions `pymdownx.extra` loads itself (pymdownx/extra.py); techdocs-core moves their options under it. */
const extraExtensions = new Set([
  'pymdownx.betterem',
  'pymdownx.superfences',
  'markdown.extensions.footnotes',
  'markdown.extensions.attr_list',
  'markdown.extensions.def_list',
  'markdown.extensions.tables',
  'markdown.extensions.abbr',
  'markdown.extensions.md_in_html',
]);

/** What techdocs-core does and how the local build does the same, or why it does not. */
export const techdocsCoreParts = {
  same: [
    'theme material (replacing any other theme), features navigation.footer and content.action.edit, palette {}',
    'the search plugin with default options',
    'techdocs_metadata.json with site_name and site_description',
    ...coreExtensions.map(([name]) => `markdown extension ${name}`),
    'pymdownx.betterem smart_enable: all (under pymdownx.extra)',
  ],
  changed: ['theme.font: false (the build host has no outside network)'],
  left: [
    "pymdownx.emoji: techdocs-core's to_svg generator links every emoji to a CDN, and naming a generator needs a YAML tag",
    "pymdownx.snippets: Debian's pymdown-extensions 9.5 cannot keep it inside the docs folder (restrict_base_path)",
    'plugins monorepo (mkdocs-monorepo-plugin) and gh-admonitions: not packaged for Debian',
    'markdown extensions markdown_inline_graphviz, plantuml_markdown, mdx_truly_sane_lists: not packaged for Debian (the first two run programs)',
  ],
};

function isPlainObject(value: unknown): value is Options {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `name` or `{name: options}` entries as [name, options] pairs, keeping order. */
function entries(value: unknown): [string, Options | null][] {
  const items = isPlainObject(value) ? [value] : value ?? [];
  if (!Array.isArray(items)) return [];
  return items.flatMap(item => {
    if (typeof item === 'string') return [[item, null]];
    if (!isPlainObject(item)) return [];
    return Object.entries(item).map(
      ([name, options]): [string, Options | null] => [
        name,
        isPlainObject(options) ? options : null,
      ],
    );
  });
}

/** Whether the config lists techdocs-core among its plugins. */
export function listsTechdocsCore(config: Options) {
  return entries(config.plugins).some(([name]) => name === techdocsCorePlugin);
}

/**
 * The config as techdocs-core would leave it, in plain settings: the user's
 * extensions first, then techdocs-core's; the user's options for an extension
 * override its defaults key by key, as in techdocs-core.
 */
export function withTechdocsCoreEquivalent(config: Options): Options {
  const userTheme =
    typeof config.theme === 'string' ? { name: config.theme } : config.theme;
  const theme: Options =
    isPlainObject(userTheme) && userTheme.name === 'material'
      ? { ...userTheme }
      : { name: 'material' };
  theme.features = [
    ...(Array.isArray(theme.features) ? theme.features : []),
    'navigation.footer',
    'content.action.edit',
  ];
  theme.palette = {};
  theme.font = false;

  const extensions = new Map<string, Options | null>(
    entries(config.markdown_extensions),
  );
  for (const [name, defaults] of coreExtensions) {
    const user = extensions.get(name);
    extensions.set(name, defaults || user ? { ...defaults, ...user } : null);
  }
  // options of the extensions pymdownx.extra loads move under it
  const extra: Options = { ...extensions.get('pymdownx.extra') };
  for (const [name, defaults] of Object.entries(coreExtraOptions)) {
    extra[name] = { ...defaults, ...(extra[name] as Options | undefined) };
  }
  for (const [name, options] of [...extensions]) {
    if (options && extraExtensions.has(name)) {
      extra[name] = { ...(extra[name] as Options), ...options };
      extensions.set(name, null);
    }
  }
  extensions.set('pymdownx.extra', extra);

  const { plugins: _plugins, ...rest } = config;
  return {
    ...rest,
    theme,
    plugins: ['search'],
    markdown_extensions: [...extensions].map(([name, options]) =>
      options ? { [name]: options } : name,
    ),
  };
}

/** techdocs-core's static template techdocs_metadata.json: the docs' name and description for the reader's header. */
export function techdocsMetadata(config: Options) {
  return {
    site_name: String(config.site_name ?? 'None'),
    site_description: String(config.site_description ?? 'None'),
  };
}
