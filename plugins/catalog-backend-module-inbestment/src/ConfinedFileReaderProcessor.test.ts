import {
  CatalogProcessorResult,
  parseEntityYaml,
} from '@backstage/plugin-catalog-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfinedFileReaderProcessor } from './ConfinedFileReaderProcessor';

const component = (name: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-commerce\n`;

describe('ConfinedFileReaderProcessor', () => {
  let root: string;
  let storeFile: string;
  let publishDir: string;
  let secret: string;
  const processor = () =>
    new ConfinedFileReaderProcessor(() => ({
      files: [storeFile],
      dirs: [publishDir],
    }));
  const write = (file: string, content: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };

  /** What reading the location emits: entity names and error messages. */
  async function read(target: string, optional = false) {
    const results: CatalogProcessorResult[] = [];
    const handled = await processor().readLocation(
      { type: 'file', target },
      optional,
      result => results.push(result),
      async function* parser({ data, location }) {
        yield* parseEntityYaml(data, location);
      },
    );
    return {
      handled,
      entities: results.flatMap(r =>
        r.type === 'entity' ? [r.entity.metadata.name] : [],
      ),
      errors: results.flatMap(r =>
        r.type === 'error' ? [r.error.message] : [],
      ),
      results,
    };
  }

  beforeEach(() => {
    root = fs.realpathSync(
      fs.mkdtempSync(path.join(os.tmpdir(), 'confined-reader-')),
    );
    storeFile = write(
      path.join(root, 'store-services/cart-service/catalog-info.yaml'),
      component('cart-service'),
    );
    publishDir = path.join(root, 'generated-repos');
    write(
      path.join(publishDir, 'loyalty-service/catalog-info.yaml'),
      component('loyalty-service'),
    );
    secret = write(
      path.join(root, 'outside/catalog-info.yaml'),
      component('planted-service'),
    );
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads an allowed store file and a file in the publish dir', async () => {
    expect(await read(storeFile)).toMatchObject({
      handled: true,
      entities: ['cart-service'],
      errors: [],
    });
    const generated = path.join(
      publishDir,
      'loyalty-service/catalog-info.yaml',
    );
    const result = await read(generated);
    expect(result.entities).toEqual(['loyalty-service']);
    expect(result.results).toContainEqual({
      type: 'refresh',
      key: `file:${generated}`,
    });
  });

  it('leaves other location types to other processors', async () => {
    const results: CatalogProcessorResult[] = [];
    expect(
      await processor().readLocation(
        { type: 'url', target: 'https://github.com/x/y/blob/main/c.yaml' },
        false,
        r => results.push(r),
        jest.fn(),
      ),
    ).toBe(false);
    expect(results).toEqual([]);
  });

  it.each([
    ['an absolute path', () => '/etc/passwd'],
    ['a file next to the allowed ones', () => secret],
    [
      "a Location entity's ../ traversal out of the publish dir",
      () =>
        path.join(
          publishDir,
          'loyalty-service/../../outside/catalog-info.yaml',
        ),
    ],
    [
      'a traversal out of an allowed store file',
      () => `${storeFile}/../../../outside/catalog-info.yaml`,
    ],
    ['a file that does not exist', () => path.join(root, 'nowhere.yaml')],
  ])('refuses %s without reading it', async (_label, target) => {
    const result = await read(target());
    expect(result.handled).toBe(true);
    expect(result.entities).toEqual([]);
    expect(result.errors).toEqual([
      `file:${target()} is outside the files the catalog may read`,
    ]);
    // the error is attached to the location that named the file
    expect(result.results[0]).toMatchObject({
      type: 'error',
      location: { type: 'file', target: target() },
    });
  });

  it('refuses an optional location outside too', async () => {
    expect((await read(secret, true)).errors).toEqual([
      `file:${secret} is outside the files the catalog may read`,
    ]);
  });

  it('refuses a symlink in the publish dir that points outside', async () => {
    const link = path.join(publishDir, 'evil-service/catalog-info.yaml');
    fs.mkdirSync(path.dirname(link));
    fs.symlinkSync(secret, link);
    const result = await read(link);
    expect(result.entities).toEqual([]);
    expect(result.errors).toEqual([
      `file:${link} is outside the files the catalog may read`,
    ]);
  });

  it('refuses a symlinked folder in the publish dir that leads outside', async () => {
    fs.symlinkSync(
      path.join(root, 'outside'),
      path.join(publishDir, 'evil-service'),
    );
    const target = path.join(publishDir, 'evil-service/catalog-info.yaml');
    expect((await read(target)).entities).toEqual([]);
    expect((await read(target)).errors).toHaveLength(1);
  });

  it('refuses a glob when any match escapes the allowed roots, reading none of them', async () => {
    fs.symlinkSync(
      path.join(root, 'outside'),
      path.join(publishDir, 'evil-service'),
    );
    const pattern = path.join(publishDir, '*/catalog-info.yaml');
    const result = await read(pattern);
    expect(result.entities).toEqual([]);
    expect(result.errors).toEqual([
      `file:${pattern} is outside the files the catalog may read`,
    ]);
  });

  it('reads every match of a glob that stays inside', async () => {
    write(
      path.join(publishDir, 'points-mfe/catalog-info.yaml'),
      component('points-mfe'),
    );
    const result = await read(path.join(publishDir, '*/catalog-info.yaml'));
    expect(result.entities.sort()).toEqual(['loyalty-service', 'points-mfe']);
    expect(result.errors).toEqual([]);
  });

  it('reports a missing file inside the publish dir as not found', async () => {
    const missing = path.join(publishDir, 'gone-service/catalog-info.yaml');
    expect((await read(missing)).errors).toEqual([
      `file:${missing} does not exist`,
    ]);
    expect((await read(missing, true)).errors).toEqual([]);
  });
});
