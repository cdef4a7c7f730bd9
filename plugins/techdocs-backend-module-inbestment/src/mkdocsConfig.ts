import {
  Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
} from 'yaml';

/** A setting of an mkdocs config that TechDocs refuses to build with, and why. */
export type MkdocsViolation = {
  /** Where the setting is, e.g. `hooks`, `theme.custom_dir`, `markdown_extensions: pymdownx.snippets`. */
  setting: string;
  reason: string;
};

/**
 * Top-level settings a docs folder may use. Each one only shapes the generated
 * HTML; none makes mkdocs read files outside the docs folder, the environment
 * or the network, or run code. `theme`, `plugins`, `markdown_extensions`,
 * `docs_dir` and `extra_css` are checked further below and in docsFolder.ts.
 */
export const allowedSettings = new Set([
  'site_name',
  'site_description',
  'site_author',
  'site_url',
  'copyright',
  'repo_url',
  'repo_name',
  'edit_uri',
  'docs_dir',
  'nav',
  'use_directory_urls',
  'strict',
  'theme',
  'plugins',
  'markdown_extensions',
  'extra',
  'extra_css',
]);

/** Why the best-known dangerous settings are refused (anything else outside the allowlist gets a generic reason). */
const refusedSettings: Record<string, string> = {
  hooks: 'it runs Python files on the build host',
  INHERIT: "it merges another YAML file from the server's disk into the config",
  extra_templates:
    'it renders Jinja templates from the docs, which can read files and run code',
  extra_javascript: 'it adds scripts to the docs pages',
  site_dir: 'it writes the built site outside the build folder',
};

export const allowedThemes = new Set(['material', 'mkdocs', 'readthedocs']);

/** Theme options that only style the pages (Backstage's own sanitizer keeps the same ones). */
export const allowedThemeOptions = new Set([
  'name',
  'language',
  'direction',
  'features',
  'palette',
  'font',
  'icon',
  'logo',
  'favicon',
]);

const refusedThemeOptions: Record<string, string> = {
  custom_dir:
    'it loads theme templates from the docs, and Jinja templates can read files and run code',
  static_templates: 'it renders extra theme templates',
};

/** Plugins and the options each may set. */
export const allowedPlugins: Record<string, Set<string>> = {
  search: new Set(['lang', 'separator', 'min_search_length', 'indexing']),
  // Backstage's plugin; it turns on pymdownx.snippets itself with restrict_base_path.
  'techdocs-core': new Set(['use_material_search', 'use_pymdownx_blocks']),
};

const markdownCoreExtensions = [
  'abbr',
  'admonition',
  'attr_list',
  'codehilite',
  'def_list',
  'extra',
  'fenced_code',
  'footnotes',
  'legacy_attrs',
  'legacy_em',
  'md_in_html',
  'meta',
  'nl2br',
  'sane_lists',
  'smarty',
  'tables',
  'toc',
  'wikilinks',
];

/**
 * Markdown extensions that only transform the Markdown text they are given:
 * Python-Markdown's own (by short or full name) and the pymdownx ones that read
 * no files. Options are plain YAML data (tags are refused), so no option can
 * name a Python callable.
 */
export const allowedMarkdownExtensions = new Set([
  ...markdownCoreExtensions,
  ...markdownCoreExtensions.map(name => `markdown.extensions.${name}`),
  'pymdownx.arithmatex',
  'pymdownx.betterem',
  'pymdownx.caret',
  'pymdownx.critic',
  'pymdownx.details',
  'pymdownx.emoji',
  'pymdownx.escapeall',
  'pymdownx.extra',
  'pymdownx.highlight',
  'pymdownx.inlinehilite',
  'pymdownx.keys',
  'pymdownx.magiclink',
  'pymdownx.mark',
  'pymdownx.progressbar',
  'pymdownx.saneheaders',
  'pymdownx.smartsymbols',
  'pymdownx.superfences',
  'pymdownx.tabbed',
  'pymdownx.tasklist',
  'pymdownx.tilde',
]);

const refusedMarkdownExtensions: Record<string, string> = {
  'pymdownx.snippets':
    "it includes files by path, and Debian's pymdown-extensions 9.5 cannot keep it inside the docs folder",
  'pymdownx.b64':
    "it embeds image files by path from anywhere on the server's disk",
  markdown_include: 'it includes files by path',
  plantuml_markdown: 'it runs programs on the build host',
  markdown_inline_graphviz: 'it runs programs on the build host',
};

const notAllowedExtension =
  'only Markdown extensions from the allowlist may run (any other is Python code run on the build host)';

/** Largest mkdocs config accepted (the store's are under 1 KiB). */
export const maxConfigBytes = 256 * 1024;

function describeTag(tag: string) {
  return tag.replace(/^tag:yaml\.org,2002:/, '!!');
}

function formatPath(path: (string | number)[]) {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${part}`,
    )
    .join('');
}

/** Every explicit YAML tag, with where it is: mkdocs' PyYAML loader runs `!!python/...` tags and reads env vars for `!ENV`. */
function findTags(
  node: unknown,
  path: (string | number)[],
  found: MkdocsViolation[],
) {
  if (!isNode(node) || isAlias(node)) {
    return;
  }
  if (node.tag) {
    found.push({
      setting: formatPath(path) || '(the whole file)',
      reason: `it uses the YAML tag ${describeTag(
        node.tag,
      )}; mkdocs runs !!python tags as code and reads the server's environment for !ENV, so no tags are allowed`,
    });
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      const key =
        (isScalar(pair.key) && String(pair.key.value)) ||
        '(a tagged or complex key)';
      findTags(pair.key, [...path, key], found);
      findTags(pair.value, [...path, key], found);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => findTags(item, [...path, i], found));
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `name` or `{name: options}` entries of a list, or of a `{name: options}`
 * map (mkdocs takes both for plugins and extensions); any other shape is a violation.
 */
function namedEntries(
  value: unknown,
  setting: string,
  found: MkdocsViolation[],
): { name: string; options: unknown }[] {
  const items = isPlainObject(value) ? [value] : value ?? [];
  if (
    !Array.isArray(items) ||
    !items.every(item => typeof item === 'string' || isPlainObject(item))
  ) {
    found.push({
      setting,
      reason: 'it must be a list of names or {name: options} maps',
    });
    return [];
  }
  return items.flatMap(item =>
    typeof item === 'string'
      ? [{ name: item, options: null }]
      : Object.entries(item).map(([name, options]) => ({ name, options })),
  );
}

function checkTheme(theme: unknown, found: MkdocsViolation[]) {
  const options = typeof theme === 'string' ? { name: theme } : theme;
  if (!isPlainObject(options)) {
    found.push({
      setting: 'theme',
      reason: 'it must be a theme name or a map of options',
    });
    return;
  }
  const name = options.name;
  if (typeof name !== 'string' || !allowedThemes.has(name)) {
    found.push({
      setting: 'theme.name',
      reason: `only the themes ${[...allowedThemes].join(', ')} are allowed`,
    });
  }
  for (const option of Object.keys(options)) {
    if (!allowedThemeOptions.has(option)) {
      found.push({
        setting: `theme.${option}`,
        reason:
          refusedThemeOptions[option] ??
          `it is not one of the allowed theme options (${[
            ...allowedThemeOptions,
          ].join(', ')})`,
      });
    }
  }
}

function checkPlugins(plugins: unknown, found: MkdocsViolation[]) {
  for (const { name, options } of namedEntries(plugins, 'plugins', found)) {
    const allowedOptions = allowedPlugins[name];
    if (!allowedOptions) {
      found.push({
        setting: `plugins: ${name}`,
        reason: `only the plugins ${Object.keys(allowedPlugins).join(
          ', ',
        )} are allowed (any other is Python code run on the build host)`,
      });
      continue;
    }
    if (options === null || options === undefined) {
      continue;
    }
    if (!isPlainObject(options)) {
      found.push({
        setting: `plugins: ${name}`,
        reason: 'its options must be a map',
      });
      continue;
    }
    for (const option of Object.keys(options)) {
      if (!allowedOptions.has(option)) {
        found.push({
          setting: `plugins: ${name}.${option}`,
          reason: `it is not one of the allowed options of ${name} (${
            [...allowedOptions].join(', ') || 'none'
          })`,
        });
      }
    }
  }
}

function checkMarkdownExtensions(
  extensions: unknown,
  found: MkdocsViolation[],
) {
  for (const { name, options } of namedEntries(
    extensions,
    'markdown_extensions',
    found,
  )) {
    if (!allowedMarkdownExtensions.has(name)) {
      found.push({
        setting: `markdown_extensions: ${name}`,
        reason: refusedMarkdownExtensions[name] ?? notAllowedExtension,
      });
    } else if (
      options !== null &&
      options !== undefined &&
      !isPlainObject(options)
    ) {
      found.push({
        setting: `markdown_extensions: ${name}`,
        reason: 'its options must be a map',
      });
    }
  }
}

function checkExtraCss(extraCss: unknown, found: MkdocsViolation[]) {
  const files = Array.isArray(extraCss) ? extraCss : [extraCss];
  for (const file of files) {
    if (
      typeof file !== 'string' ||
      /^[a-z][a-z0-9+.-]*:/i.test(file) ||
      file.startsWith('/') ||
      file.startsWith('//') ||
      file.split(/[\\/]/).includes('..')
    ) {
      found.push({
        setting: 'extra_css',
        reason: 'stylesheets must be relative paths inside the docs folder',
      });
      return;
    }
  }
}

/** The parsed config (plain data), or the violations that stop it from being used. */
export type ParsedMkdocsConfig = {
  /** Set only when there are no violations. */
  config?: Record<string, unknown>;
  violations: MkdocsViolation[];
};

/**
 * Parses an mkdocs config (YAML 1.1, as mkdocs' PyYAML reads it) and checks it
 * against the allowlist. Syntax errors, duplicate keys and any YAML tag are
 * refusals; error messages carry line numbers but never the file's text.
 */
export function checkMkdocsConfig(
  source: string,
  fileName = 'mkdocs.yml',
): ParsedMkdocsConfig {
  if (Buffer.byteLength(source) > maxConfigBytes) {
    return {
      violations: [
        {
          setting: fileName,
          reason: `it is larger than ${maxConfigBytes} bytes`,
        },
      ],
    };
  }
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(source, {
      version: '1.1',
      merge: true,
      uniqueKeys: true,
      prettyErrors: false,
      lineCounter: lines,
    });
  } catch (error) {
    return {
      violations: [{ setting: fileName, reason: 'it is not valid YAML' }],
    };
  }
  if (doc.errors.length > 0) {
    return {
      violations: doc.errors.map(error => ({
        setting: fileName,
        reason: `it is not valid YAML (${error.code} at line ${
          lines.linePos(error.pos[0]).line
        })`,
      })),
    };
  }
  const violations: MkdocsViolation[] = [];
  findTags(doc.contents, [], violations);
  if (violations.length > 0) {
    return { violations };
  }
  let config: unknown;
  try {
    config = doc.toJS();
  } catch (error) {
    // e.g. more aliases than yaml's maxAliasCount (a "billion laughs" file)
    return {
      violations: [
        { setting: fileName, reason: 'it could not be read as plain data' },
      ],
    };
  }
  if (config === null || config === undefined) {
    return { config: {}, violations: [] };
  }
  if (!isPlainObject(config)) {
    return {
      violations: [
        { setting: fileName, reason: 'it must be a map of settings' },
      ],
    };
  }
  for (const setting of Object.keys(config)) {
    if (!allowedSettings.has(setting)) {
      violations.push({
        setting,
        reason:
          refusedSettings[setting] ??
          'it is not one of the allowed mkdocs settings',
      });
    }
  }
  if ('theme' in config) {
    checkTheme(config.theme, violations);
  }
  if ('plugins' in config) {
    checkPlugins(config.plugins, violations);
  }
  if ('markdown_extensions' in config) {
    checkMarkdownExtensions(config.markdown_extensions, violations);
  }
  if ('extra_css' in config) {
    checkExtraCss(config.extra_css, violations);
  }
  if ('docs_dir' in config && typeof config.docs_dir !== 'string') {
    violations.push({
      setting: 'docs_dir',
      reason: 'it must be a relative path',
    });
  }
  return violations.length > 0 ? { violations } : { config, violations: [] };
}
