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
 * Runs Debian's real mkdocs (/usr/bin/mkdocs, 1.4.2 with pymdown-extensions 9.5)
 * through Backstage's generator, the way the embedded default builds TechDocs.
 */
const config = new ConfigReader({
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
    const unguarded = TechdocsGenerator.fromConfig(config, {
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

  it("builds a store service's docs as before", async () => {
    const storeDocs = path.join(repoRoot, 'store-services/cart-service');
    const { run } = await build(guarded, {
      'mkdocs.yml': fs.readFileSync(path.join(storeDocs, 'mkdocs.yml'), 'utf8'),
      ...Object.fromEntries(
        fs
          .readdirSync(path.join(storeDocs, 'docs'))
          .map(file => [
            `docs/${file}`,
            fs.readFileSync(path.join(storeDocs, 'docs', file), 'utf8'),
          ]),
      ),
    });
    await run;
    const index = fs.readFileSync(path.join(outputDir, 'index.html'), 'utf8');
    expect(index).toContain('cart-service keeps one active cart per visitor');
    expect(
      JSON.parse(
        fs.readFileSync(path.join(outputDir, 'techdocs_metadata.json'), 'utf8'),
      ),
    ).toMatchObject({
      files: expect.arrayContaining(['index.html', 'runbook/index.html']),
    });
  });
});
