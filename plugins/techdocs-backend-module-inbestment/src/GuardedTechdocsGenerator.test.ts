import {
  createMockDirectory,
  MockDirectoryContent,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { TechdocsGenerator } from '@backstage/plugin-techdocs-node';
import fs from 'fs';
import path from 'path';
import { PassThrough } from 'stream';
import * as winston from 'winston';
import { GuardedTechdocsGenerator } from './GuardedTechdocsGenerator';

/**
 * Runs Debian's real mkdocs (/usr/bin/mkdocs, 1.4.2 with mkdocs-material 8.2.5
 * and pymdown-extensions 9.5) through Backstage's generator, the way the
 * embedded default builds TechDocs (app-config.yaml: runIn local, Backstage's
 * default of adding techdocs-core).
 */
const config = new ConfigReader({
  techdocs: { generator: { runIn: 'local' } },
});
/** Backstage's own generator cannot add techdocs-core here: it is not installed. */
const withoutTechdocsCore = new ConfigReader({
  techdocs: {
    generator: { runIn: 'local', mkdocs: { omitTechdocsCorePlugin: true } },
  },
});
const OUTSIDE = 'OUTSIDE-THE-DOCS-7d1c: a file next to the entity folder';
const repoRoot = path.resolve(__dirname, '../../..');

jest.setTimeout(120_000);

describe('GuardedTechdocsGenerator with the real mkdocs', () => {
  const mockDir = createMockDirectory();
  const entityDir = mockDir.resolve('entity');
  const outputDir = mockDir.resolve('output');

  async function build(
    generator: TechdocsGenerator,
    content: MockDirectoryContent,
  ) {
    mockDir.setContent({
      'outside.txt': OUTSIDE,
      output: {},
      entity: { 'docs/index.md': '# Home\n\nBuilt.\n', ...content },
    });
    const log = new PassThrough();
    const logged: string[] = [];
    log.on('data', chunk => logged.push(String(chunk)));
    const run = generator.run({
      inputDir: entityDir,
      outputDir,
      logger: winston.createLogger({ silent: true }),
      logStream: log,
      siteOptions: { name: 'evil-docs' },
    });
    return { run, logged };
  }

  /** Every generated file's text, and what mkdocs logged. */
  function everythingProduced(logged: string[]) {
    const files = fs
      .readdirSync(outputDir, { recursive: true, withFileTypes: true })
      .filter(entry => entry.isFile())
      .map(entry =>
        fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'),
      );
    return [...files, ...logged].join('\n');
  }

  const guarded = GuardedTechdocsGenerator.fromConfig(config, {
    logger: mockServices.logger.mock(),
  });

  it('Backstage’s own generator leaks a file outside the docs through pymdownx.snippets here', async () => {
    const unguarded = TechdocsGenerator.fromConfig(withoutTechdocsCore, {
      logger: mockServices.logger.mock(),
    });
    const { run, logged } = await build(unguarded, {
      'mkdocs.yml':
        'site_name: evil-docs\nmarkdown_extensions: [pymdownx.snippets]\n',
      'docs/index.md': '# Home\n\n--8<-- "../outside.txt"\n',
    });
    await run;
    expect(everythingProduced(logged)).toContain(OUTSIDE);
  });

  it('refuses snippets that include a file outside the docs, naming the docs and the setting', async () => {
    const { run, logged } = await build(guarded, {
      'mkdocs.yml':
        'site_name: evil-docs\nmarkdown_extensions: [pymdownx.snippets]\n',
      'docs/index.md': '# Home\n\n--8<-- "../outside.txt"\n',
    });
    await expect(run).rejects.toThrow(
      /^TechDocs refused to build the docs of "evil-docs": settings outside the portal's mkdocs allowlist: "markdown_extensions: pymdownx.snippets" \(it includes files by path/,
    );
    await expect(run).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(fs.readdirSync(outputDir)).toEqual([]);
    expect(everythingProduced(logged)).not.toContain(OUTSIDE);
  });

  it('refuses !!python tags before PyYAML could run them', async () => {
    const marker = mockDir.resolve('tag-ran');
    const { run, logged } = await build(guarded, {
      'mkdocs.yml': [
        'site_name: evil-docs',
        `copyright: !!python/object/apply:os.system ["touch ${marker}"]`,
        'markdown_extensions:',
        '  - pymdownx.emoji:',
        '      emoji_index: !!python/name:materialx.emoji.twemoji',
        '',
      ].join('\n'),
    });
    await expect(run).rejects.toThrow(
      /"copyright" \(it uses the YAML tag !!python\/object\/apply:os\.system;.*"markdown_extensions\[0\]\.pymdownx\.emoji\.emoji_index" \(it uses the YAML tag !!python\/name:materialx\.emoji\.twemoji;/,
    );
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.readdirSync(outputDir)).toEqual([]);
    expect(everythingProduced(logged)).not.toContain(OUTSIDE);
  });

  it('refuses hooks, and the hook never runs', async () => {
    const marker = mockDir.resolve('hook-ran');
    const { run } = await build(guarded, {
      'mkdocs.yml': 'site_name: evil-docs\nhooks: [hooks.py]\n',
      'hooks.py': `open(${JSON.stringify(marker)}, "w").write("ran")\n`,
    });
    await expect(run).rejects.toThrow(
      /"hooks" \(it runs Python files on the build host\)/,
    );
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.readdirSync(outputDir)).toEqual([]);
  });

  it('refuses a docs page that is a symlink to a file outside the docs', async () => {
    const { run, logged } = await build(guarded, {
      'mkdocs.yml': 'site_name: evil-docs\n',
      'docs/leak.md': ({ symlink }) => symlink(mockDir.resolve('outside.txt')),
    });
    await expect(run).rejects.toThrow(
      /"docs\/leak\.md" \(it is a symlink that leads out of the docs folder\)/,
    );
    expect(everythingProduced(logged)).not.toContain(OUTSIDE);
  });

  /** A store service's mkdocs.yml and docs folder as mock directory content. */
  function storeDocs(name: string): MockDirectoryContent {
    return docsOf(path.join('store-services', name));
  }

  /** The mkdocs.yml and docs folder of a folder of the repository as mock directory content. */
  function docsOf(folder: string): MockDirectoryContent {
    const dir = path.join(repoRoot, folder);
    return {
      'mkdocs.yml': fs.readFileSync(path.join(dir, 'mkdocs.yml'), 'utf8'),
      ...Object.fromEntries(
        fs
          .readdirSync(path.join(dir, 'docs'))
          .map(file => [
            `docs/${file}`,
            fs.readFileSync(path.join(dir, 'docs', file), 'utf8'),
          ]),
      ),
    };
  }

  const output = (file: string) =>
    fs.readFileSync(path.join(outputDir, file), 'utf8');

  /** Addresses of everything a page loads (stylesheets, scripts, images, frames), not its links. */
  function loadedResources(html: string) {
    return [
      ...html.matchAll(/<link\b[^>]*\bhref="([^"]*)"/g),
      ...html.matchAll(/<(?:script|img|iframe|source)\b[^>]*\bsrc="([^"]*)"/g),
      ...html.matchAll(/@import\s+(?:url\()?["']?([^"')]+)/g),
    ].map(match => match[1]);
  }

  /**
   * The stylesheet links Backstage's TechDocs reader keeps (its link sanitizer):
   * it shows the page once each of them fired `load`, and with none it never does.
   */
  const readerKeeps = /main\.[A-Fa-f0-9]{8}\.min\.css$/;
  const readerKeepsLink =
    /<link rel="stylesheet" href="[^"]*main\.[A-Fa-f0-9]{8}\.min\.css">/;

  it("builds a store service's techdocs-core docs with Material, local stylesheets only and the site's metadata", async () => {
    const { run } = await build(guarded, storeDocs('cart-service'));
    await run;
    const index = output('index.html');
    expect(index).toContain('cart-service keeps one active cart per visitor');
    // Material, as techdocs-core sets it, without Google Fonts
    expect(index).toMatch(
      /<link rel="stylesheet" href="assets\/stylesheets\/main\.[0-9a-f]+\.min\.css">/,
    );
    expect(index).toContain(
      '"features": ["navigation.footer", "content.action.edit"]',
    );
    for (const page of ['index.html', 'runbook/index.html', '404.html']) {
      // the one stylesheet Backstage's reader keeps (and waits for) is Material's local main CSS
      expect(
        loadedResources(output(page)).filter(url => readerKeeps.test(url)),
      ).toEqual([expect.stringMatching(/^(\.\.\/)*\/?assets\/stylesheets\//)]);
      const resources = loadedResources(output(page));
      expect(resources.length).toBeGreaterThan(0);
      expect(resources.filter(url => /^([a-z]+:)?\/\//i.test(url))).toEqual([]);
    }
    expect(JSON.parse(output('techdocs_metadata.json'))).toMatchObject({
      site_name: 'Cart Service',
      site_description: expect.stringContaining('shopping carts'),
      build_timestamp: expect.any(Number),
      files: expect.arrayContaining(['index.html', 'runbook/index.html']),
    });
  });

  it.each([
    ['a backend service', 'backend-service/minimal'],
    ['a micro-frontend', 'micro-frontend/github-actions-terraform'],
  ])(
    "builds the docs of %s the scaffolder generates (they list techdocs-core, which Debian's mkdocs lacks)",
    async (_, golden) => {
      const content = docsOf(
        `plugins/scaffolder-backend-module-inbestment/golden/${golden}/expected`,
      );
      const { run } = await build(guarded, content);
      await run;
      expect(output('index.html')).toMatch(readerKeepsLink);
      const siteName = String(content['mkdocs.yml']).match(
        /^site_name: (.*)$/m,
      )?.[1];
      expect(JSON.parse(output('techdocs_metadata.json')).site_name).toBe(
        siteName,
      );
    },
  );

  it("renders techdocs-core's Markdown extensions", async () => {
    const { run } = await build(guarded, {
      'mkdocs.yml': 'site_name: extensions\nplugins: [techdocs-core]\n',
      'docs/index.md': [
        '# Home',
        '',
        '!!! warning "Careful"',
        '    Admonition body.',
        '',
        '- [x] done task',
        '',
        '==marked== ^^inserted^^ ~~deleted~~ (c)',
        '',
        '=== "Tab one"',
        '    First tab.',
        '',
        '```java',
        'class Cart {}',
        '```',
        '',
      ].join('\n'),
    });
    await run;
    const index = output('index.html');
    expect(index).toContain('class="admonition warning"');
    expect(index).toContain('class="task-list-item"');
    expect(index).toContain('<mark>marked</mark>');
    expect(index).toContain('<ins>inserted</ins>');
    expect(index).toContain('<del>deleted</del>');
    expect(index).toContain('&copy;');
    expect(index).toContain('tabbed-set tabbed-alternate');
    expect(index).toMatch(/class="language-java highlight"/);
    expect(index).toContain('class="headerlink"'); // toc permalink
  });

  it('adds techdocs-core to a config that does not list it, as Backstage does by default', async () => {
    const { run } = await build(guarded, {
      'mkdocs.yml': 'site_name: plain\ntheme: readthedocs\n',
    });
    await run;
    expect(
      loadedResources(output('index.html')).filter(url =>
        readerKeeps.test(url),
      ),
    ).toHaveLength(1);
    expect(JSON.parse(output('techdocs_metadata.json')).site_name).toBe(
      'plain',
    );
  });

  it('writes a default config for docs without one, named after the entity', async () => {
    const { run } = await build(guarded, {});
    await run;
    expect(output('index.html')).toContain('assets/stylesheets/main.');
    expect(JSON.parse(output('techdocs_metadata.json')).site_name).toBe(
      'evil-docs',
    );
  });

  it('with omitTechdocsCorePlugin, leaves configs without techdocs-core as they are', async () => {
    const omitting = GuardedTechdocsGenerator.fromConfig(withoutTechdocsCore, {
      logger: mockServices.logger.mock(),
    });
    const { run } = await build(omitting, {
      'mkdocs.yml': 'site_name: plain\n',
    });
    await run;
    expect(output('index.html')).toContain('css/base.css'); // mkdocs' own theme
    // which the reader would never show: it keeps none of its stylesheets
    expect(
      loadedResources(output('index.html')).filter(url =>
        readerKeeps.test(url),
      ),
    ).toEqual([]);
  });

  it("leaves the entity's folder as it was (Backstage's generator rewrites the config it builds)", async () => {
    const content = storeDocs('checkout-service');
    const { run } = await build(guarded, content);
    await run;
    const files = fs
      .readdirSync(entityDir, { recursive: true, withFileTypes: true })
      .filter(entry => entry.isFile())
      .map(entry =>
        path.relative(entityDir, path.join(entry.parentPath, entry.name)),
      )
      .sort();
    expect(files).toEqual(Object.keys(content).sort());
    for (const file of files) {
      expect(fs.readFileSync(path.join(entityDir, file), 'utf8')).toBe(
        content[file],
      );
    }
  });
});
