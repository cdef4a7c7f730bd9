import { mockServices } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfinedPlaceholderProcessor } from './ConfinedPlaceholderProcessor';

const SECRET = 'the content of a file outside';

describe('ConfinedPlaceholderProcessor', () => {
  let root: string;
  let storeFile: string;
  let publishDir: string;
  let repo: string;
  let outsideFile: string;
  const reader = mockServices.urlReader.mock();
  const processor = () =>
    new ConfinedPlaceholderProcessor({
      allowedFiles: () => ({ files: [storeFile], dirs: [publishDir] }),
      reader,
      integrations: ScmIntegrations.fromConfig(mockServices.rootConfig()),
    });
  const write = (file: string, content: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };
  const api = (definition: object) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'loyalty-service-api' },
    spec: { type: 'openapi', definition },
  });

  /** Pre-processes an API entity whose definition is `definition`, read from `target`. */
  async function process(
    definition: object,
    target = path.join(repo, 'catalog-info.yaml'),
    type = 'file',
  ) {
    const emitted: CatalogProcessorResult[] = [];
    const entity = await processor().preProcessEntity(
      api(definition),
      { type, target },
      result => emitted.push(result),
    );
    return { definition: entity.spec?.definition, emitted };
  }

  beforeEach(() => {
    root = fs.realpathSync(
      fs.mkdtempSync(path.join(os.tmpdir(), 'confined-placeholders-')),
    );
    publishDir = path.join(root, 'generated-repos');
    repo = path.join(publishDir, 'loyalty-service');
    write(path.join(repo, 'catalog-info.yaml'), 'kind: API\n');
    write(path.join(repo, 'openapi.yaml'), 'openapi: 3.0.3\ninfo:\n  x: 1\n');
    write(path.join(repo, 'spec/api.json'), '{"openapi":"3.0.3"}');
    write(path.join(publishDir, 'other-service/openapi.yaml'), SECRET);
    storeFile = write(path.join(root, 'store/cart/catalog-info.yaml'), '');
    write(path.join(root, 'store/cart/openapi.yaml'), SECRET);
    outsideFile = write(path.join(root, 'outside/secret.txt'), SECRET);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads $text, $json and $yaml next to a generated repository file', async () => {
    const text = await process({ $text: './openapi.yaml' });
    expect(text.definition).toBe('openapi: 3.0.3\ninfo:\n  x: 1\n');
    expect(text.emitted).toEqual([
      { type: 'refresh', key: `file:${path.join(repo, 'openapi.yaml')}` },
    ]);
    expect((await process({ $json: 'spec/api.json' })).definition).toEqual({
      openapi: '3.0.3',
    });
    expect((await process({ $yaml: './openapi.yaml' })).definition).toEqual({
      openapi: '3.0.3',
      info: { x: 1 },
    });
  });

  it('reports a missing file inside the repository as unreadable', async () => {
    await expect(process({ $text: './missing.yaml' })).rejects.toThrow(
      /^Placeholder \$text could not read \.\/missing\.yaml, .*ENOENT/,
    );
  });

  const outside = (value: string) =>
    `Placeholder $text ${value} of file:${path.join(
      repo,
      'catalog-info.yaml',
    )} is outside the files the catalog may read`;

  it.each([
    ['a traversal out of the publish dir', '../../outside/secret.txt'],
    [
      "a traversal into another repository's folder",
      '../other-service/openapi.yaml',
    ],
    [
      'a traversal that comes back in',
      '../../generated-repos/other-service/openapi.yaml',
    ],
  ])('refuses %s without reading it', async (_label, value) => {
    await expect(process({ $text: value })).rejects.toThrow(outside(value));
  });

  it('gives the same answer for an outside file whether it exists or not', async () => {
    await expect(
      process({ $text: '../../outside/nothing.txt' }),
    ).rejects.toThrow(outside('../../outside/nothing.txt'));
  });

  it.each([
    ['an absolute path', () => outsideFile],
    ['a file URL', () => `file://${outsideFile}`],
    [
      'an http URL',
      () => 'https://github.com/inbestment/x/blob/main/openapi.yaml',
    ],
    ['a non-string value', () => ['./openapi.yaml']],
  ])('refuses %s', async (_label, value) => {
    await expect(process({ $text: value() })).rejects.toThrow(
      `Placeholder $text of file:${path.join(
        repo,
        'catalog-info.yaml',
      )} must be a path relative to that file, not ${JSON.stringify(value())}`,
    );
    expect(reader.readUrl).not.toHaveBeenCalled();
  });

  it('refuses a symlink in the repository that points outside', async () => {
    fs.symlinkSync(outsideFile, path.join(repo, 'linked.yaml'));
    await expect(process({ $text: './linked.yaml' })).rejects.toThrow(
      outside('./linked.yaml'),
    );
  });

  it('refuses a symlinked folder in the repository that leads outside', async () => {
    fs.symlinkSync(path.join(root, 'outside'), path.join(repo, 'docs'));
    await expect(process({ $text: './docs/secret.txt' })).rejects.toThrow(
      outside('./docs/secret.txt'),
    );
  });

  it('refuses a file next to a store file that the catalog does not read', async () => {
    await expect(
      process({ $text: './openapi.yaml' }, storeFile),
    ).rejects.toThrow(/is outside the files the catalog may read/);
  });

  it('leaves url locations to Backstage', async () => {
    const { definition, emitted } = await process(
      { $text: './openapi.yaml' },
      'https://github.com/inbestment/loyalty-service/blob/main/catalog-info.yaml',
      'url',
    );
    expect(definition).toEqual({ $text: './openapi.yaml' });
    expect(emitted).toEqual([]);
    expect(reader.readUrl).not.toHaveBeenCalled();
  });
});
