import { mockServices } from '@backstage/backend-test-utils';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileLocationsProvider } from './FileLocationsProvider';
import { GENERATED_REPO_CATALOG_FILES } from './module';

describe('FileLocationsProvider', () => {
  let root: string;
  const write = (file: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), 'kind: Component\n');
  };
  const provider = (patterns: string[], taskRunner = { run: jest.fn() }) =>
    new FileLocationsProvider({
      name: 'test-files',
      patterns,
      baseDir: root,
      logger: mockServices.logger.mock(),
      taskRunner,
    });
  const connected = async (patterns: string[]) => {
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    const p = provider(patterns);
    await p.connect(connection as EntityProviderConnection);
    const lastMutation = () => connection.applyMutation.mock.lastCall[0];
    const targets = () =>
      lastMutation().entities.map((e: any) => e.entity.spec.target);
    return { provider: p, lastMutation, targets };
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'file-locations-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('registers one file Location per matched file and picks up added files', async () => {
    write('store-services/cart-service/catalog-info.yaml');
    write('store-services/cart-mfe/catalog-info.yaml');
    write('store-services/cart-mfe/docs/index.md');
    write('catalog/org.yaml');
    const {
      provider: p,
      lastMutation,
      targets,
    } = await connected([
      'store-services/*/catalog-info.yaml',
      'catalog/*.yaml',
      'catalog/*.yaml',
    ]);

    await p.scan();
    expect(lastMutation().type).toBe('full');
    expect(targets()).toEqual([
      path.join(root, 'catalog/org.yaml'),
      path.join(root, 'store-services/cart-mfe/catalog-info.yaml'),
      path.join(root, 'store-services/cart-service/catalog-info.yaml'),
    ]);
    expect(lastMutation().entities[0]).toMatchObject({
      locationKey: `file:${path.join(root, 'catalog/org.yaml')}`,
      entity: { kind: 'Location', spec: { type: 'file' } },
    });

    write('store-services/new-service/catalog-info.yaml');
    await p.scan();
    expect(targets()).toContain(
      path.join(root, 'store-services/new-service/catalog-info.yaml'),
    );
    expect(targets()).toHaveLength(4);
  });

  it("drops a deleted generated repository's Location, and sees neither staging folders nor nested files", async () => {
    write('loyalty-service/catalog-info.yaml');
    write('points-mfe/catalog-info.yaml');
    // the publisher builds a repository in a hidden staging folder, then renames it into place
    write('.rewards-service.partial-42/catalog-info.yaml');
    write('points-mfe/templates/catalog-info.yaml');
    write('no-catalog-file/README.md');
    const {
      provider: p,
      lastMutation,
      targets,
    } = await connected(GENERATED_REPO_CATALOG_FILES);

    await p.scan();
    expect(targets()).toEqual([
      path.join(root, 'loyalty-service/catalog-info.yaml'),
      path.join(root, 'points-mfe/catalog-info.yaml'),
    ]);

    fs.rmSync(path.join(root, 'loyalty-service'), { recursive: true });
    await p.scan();
    // a full mutation without it: the catalog removes the Location and the entities it produced
    expect(lastMutation().type).toBe('full');
    expect(targets()).toEqual([
      path.join(root, 'points-mfe/catalog-info.yaml'),
    ]);
  });

  it('scans an absent folder as empty', async () => {
    const absent = new FileLocationsProvider({
      name: 'absent',
      patterns: GENERATED_REPO_CATALOG_FILES,
      baseDir: path.join(root, 'not-created-yet'),
      logger: mockServices.logger.mock(),
      taskRunner: { run: jest.fn() },
    });
    expect(absent.listFiles()).toEqual([]);
  });

  it('schedules its scans only when the catalog connects it', async () => {
    const taskRunner = { run: jest.fn() };
    const p = provider([], taskRunner);
    expect(taskRunner.run).not.toHaveBeenCalled();
    await p.connect({
      applyMutation: jest.fn(),
      refresh: jest.fn(),
    } as EntityProviderConnection);
    expect(taskRunner.run).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'test-files:scan' }),
    );
  });

  it('refuses to scan before the catalog connected it', async () => {
    await expect(provider([]).scan()).rejects.toThrow(
      'test-files is not connected yet',
    );
  });
});
