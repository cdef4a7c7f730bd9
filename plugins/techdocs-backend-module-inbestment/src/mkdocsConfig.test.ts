import { checkMkdocsConfig } from './mkdocsConfig';

function settingsRefused(source: string) {
  return checkMkdocsConfig(source).violations.map(v => v.setting);
}

describe('checkMkdocsConfig', () => {
  it('accepts the settings the store and the templates use, and returns them as data', () => {
    const result = checkMkdocsConfig(`
site_name: Cart Service
site_description: >-
  Guest and signed-in carts.
nav:
  - Overview: index.md
  - Runbook: runbook.md
plugins:
  - search
  - techdocs-core
`);
    expect(result.violations).toEqual([]);
    expect(result.config).toEqual({
      site_name: 'Cart Service',
      site_description: 'Guest and signed-in carts.',
      nav: [{ Overview: 'index.md' }, { Runbook: 'runbook.md' }],
      plugins: ['search', 'techdocs-core'],
    });
  });

  it('accepts allowlisted themes, theme options, extensions with options and plugin options', () => {
    expect(
      checkMkdocsConfig(`
site_name: Docs
docs_dir: documentation
repo_url: https://github.com/inbestment/cart-service
edit_uri: edit/main/docs/
use_directory_urls: true
strict: false
theme:
  name: material
  features: [navigation.tabs]
  palette: { primary: indigo }
  font: false
  language: en
extra:
  social: [{ icon: fontawesome/brands/github, link: https://github.com/inbestment }]
extra_css: [stylesheets/extra.css]
plugins:
  - search:
      lang: en
markdown_extensions:
  - admonition
  - markdown.extensions.tables
  - toc:
      permalink: true
  - pymdownx.superfences
  - pymdownx.highlight:
      linenums: true
  - pymdownx.tabbed:
      alternate_style: true
`).violations,
    ).toEqual([]);
    expect(
      checkMkdocsConfig('site_name: Docs\ntheme: readthedocs\n').violations,
    ).toEqual([]);
    expect(
      checkMkdocsConfig(
        'markdown_extensions: { toc: { permalink: true }, tables: null }\nplugins: { search: {} }\n',
      ).violations,
    ).toEqual([]);
    expect(checkMkdocsConfig('').violations).toEqual([]);
  });

  it('refuses pymdownx.snippets in every spelling, with the reason', () => {
    const result = checkMkdocsConfig(
      'markdown_extensions:\n  - pymdownx.snippets\n',
    );
    expect(result.config).toBeUndefined();
    expect(result.violations).toEqual([
      {
        setting: 'markdown_extensions: pymdownx.snippets',
        reason: expect.stringContaining('includes files by path'),
      },
    ]);
    expect(
      settingsRefused(
        'markdown_extensions:\n  - pymdownx.snippets:\n      base_path: docs\n',
      ),
    ).toEqual(['markdown_extensions: pymdownx.snippets']);
    expect(
      settingsRefused(
        'markdown_extensions:\n  pymdownx.snippets:\n    check_paths: true\n',
      ),
    ).toEqual(['markdown_extensions: pymdownx.snippets']);
    expect(
      settingsRefused(
        'markdown_extensions: [pymdownx.snippets:SnippetExtension]\n',
      ),
    ).toEqual(['markdown_extensions: pymdownx.snippets:SnippetExtension']);
  });

  it('refuses markdown extensions outside the allowlist', () => {
    expect(
      settingsRefused(
        'markdown_extensions: [pymdownx.b64, markdown_include.include, plantuml_markdown, os, "toc:TocExtension"]\n',
      ),
    ).toEqual([
      'markdown_extensions: pymdownx.b64',
      'markdown_extensions: markdown_include.include',
      'markdown_extensions: plantuml_markdown',
      'markdown_extensions: os',
      'markdown_extensions: toc:TocExtension',
    ]);
    expect(settingsRefused('markdown_extensions: [[toc]]\n')).toEqual([
      'markdown_extensions',
    ]);
    expect(settingsRefused('markdown_extensions: [{ toc: [1] }]\n')).toEqual([
      'markdown_extensions: toc',
    ]);
  });

  it('refuses hooks, INHERIT and every other setting outside the allowlist', () => {
    const result = checkMkdocsConfig(`
site_name: Docs
hooks: [hooks/evil.py]
INHERIT: ../../../etc/mkdocs-base.yml
extra_templates: [evil.html]
extra_javascript: [evil.js]
site_dir: /tmp/out
watch: [/etc]
`);
    expect(result.violations.map(v => v.setting)).toEqual([
      'hooks',
      'INHERIT',
      'extra_templates',
      'extra_javascript',
      'site_dir',
      'watch',
    ]);
    expect(result.violations[0].reason).toContain('runs Python files');
    expect(result.violations[1].reason).toContain('merges another YAML file');
    expect(result.violations[5].reason).toContain(
      'not one of the allowed mkdocs settings',
    );
  });

  it('refuses a custom theme folder, unknown theme options and themes outside the allowlist', () => {
    const result = checkMkdocsConfig(
      'theme:\n  name: material\n  custom_dir: overrides\n  static_templates: [x.html]\n',
    );
    expect(result.violations.map(v => v.setting)).toEqual([
      'theme.custom_dir',
      'theme.static_templates',
    ]);
    expect(result.violations[0].reason).toContain('Jinja templates');
    expect(settingsRefused('theme: { custom_dir: overrides }\n')).toEqual([
      'theme.name',
      'theme.custom_dir',
    ]);
    expect(settingsRefused('theme: my-installed-theme\n')).toEqual([
      'theme.name',
    ]);
    expect(settingsRefused('theme: [material]\n')).toEqual(['theme']);
  });

  it('refuses plugins outside the allowlist and options an allowed plugin does not list', () => {
    expect(
      settingsRefused(`
plugins:
  - search:
      prebuild_index: true
  - macros
  - techdocs-core:
      use_material_search: true
  - monorepo: {}
`),
    ).toEqual([
      'plugins: search.prebuild_index',
      'plugins: macros',
      'plugins: monorepo',
    ]);
    expect(
      settingsRefused('plugins: { macros: { module_name: evil } }\n'),
    ).toEqual(['plugins: macros']);
    expect(settingsRefused('plugins: search\n')).toEqual(['plugins']);
  });

  it('refuses every YAML tag, naming where it is', () => {
    const result = checkMkdocsConfig(`
site_name: !ENV [AWS_SECRET_ACCESS_KEY, docs]
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:materialx.emoji.twemoji
  - pymdownx.superfences:
      custom_fences:
        - name: x
          format: !!python/object/apply:os.system ["id"]
copyright: !!str plain
`);
    expect(result.config).toBeUndefined();
    expect(result.violations.map(v => v.setting)).toEqual([
      'site_name',
      'markdown_extensions[0].pymdownx.emoji.emoji_index',
      'markdown_extensions[1].pymdownx.superfences.custom_fences[0].format',
      'copyright',
    ]);
    expect(result.violations[0].reason).toContain('YAML tag !ENV');
    expect(result.violations[1].reason).toContain(
      'YAML tag !!python/name:materialx.emoji.twemoji',
    );
    expect(result.violations[2].reason).toContain(
      'YAML tag !!python/object/apply:os.system',
    );
    expect(settingsRefused('!!python/object/apply:os.system [id]\n')).toEqual([
      '(the whole file)',
    ]);
    expect(settingsRefused('? !!python/name:os.system\n: 1\n')).toEqual([
      '(a tagged or complex key)',
    ]);
  });

  it('follows merge keys as mkdocs does, so a merged-in setting is checked too', () => {
    expect(
      settingsRefused(
        'base: &base\n  hooks: [evil.py]\n<<: *base\nsite_name: x\n',
      ),
    ).toEqual(['base', 'hooks']);
  });

  it('refuses invalid YAML, duplicate keys and too many aliases without echoing the file', () => {
    const invalid = checkMkdocsConfig('site_name: "secret line\n');
    expect(invalid.violations).toHaveLength(1);
    expect(invalid.violations[0].reason).toMatch(
      /^it is not valid YAML \(\w+ at line \d+\)$/,
    );
    expect(invalid.violations[0].reason).not.toContain('secret');

    expect(settingsRefused('site_name: a\nsite_name: b\n')).toEqual([
      'mkdocs.yml',
    ]);

    const laughs = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 12 }, (_, i) => {
        const prev = i === 0 ? 'a' : `l${i - 1}`;
        return `l${i}: &l${i} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
      }),
    ].join('\n');
    expect(checkMkdocsConfig(laughs).violations).toEqual([
      { setting: 'mkdocs.yml', reason: 'it could not be read as plain data' },
    ]);

    expect(settingsRefused(`site_name: "${'x'.repeat(300 * 1024)}"\n`)).toEqual(
      ['mkdocs.yml'],
    );
    expect(settingsRefused('- a list\n')).toEqual(['mkdocs.yml']);
  });

  it('refuses stylesheets from other sites or outside the docs, and a docs_dir that is not a path', () => {
    expect(
      settingsRefused('extra_css: [https://evil.example/x.css]\n'),
    ).toEqual(['extra_css']);
    expect(settingsRefused('extra_css: [../../x.css]\n')).toEqual([
      'extra_css',
    ]);
    expect(settingsRefused('extra_css: [/etc/x.css]\n')).toEqual(['extra_css']);
    expect(settingsRefused('docs_dir: [docs]\n')).toEqual(['docs_dir']);
  });
});
