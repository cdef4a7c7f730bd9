import { mockServices } from '@backstage/backend-test-utils';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { StoreFileLocationsProvider } from './storeFileLocations';

describe('StoreFileLocationsProvider', () => {
  let root: string;
  const write = (file: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), 'kind: Component\n');
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'store-files-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('registers one Location per matched file and picks up added files', async () => {
    write('store-services/cart-service/catalog-info.yaml');
    write('store-services/cart-mfe/catalog-info.yaml');
    write('store-services/cart-mfe/docs/index.md');
    write('catalog/org.yaml');
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    const provider = new StoreFileLocationsProvider(
      ['store-services/*/catalog-info.yaml', 'catalog/*.yaml', 'catalog/*.yaml'],
      root,
      mockServices.logger.mock(),
      { run: jest.fn() },
    );
    await provider.connect(connection as EntityProviderConnection);

    await provider.scan();
    const targets = () =>
      connection.applyMutation.mock.lastCall[0].entities.map(
        (e: any) => e.entity.spec.target,
      );
    expect(connection.applyMutation.mock.lastCall[0].type).toBe('full');
    expect(targets()).toEqual([
      path.join(root, 'catalog/org.yaml'),
      path.join(root, 'store-services/cart-mfe/catalog-info.yaml'),
      path.join(root, 'store-services/cart-service/catalog-info.yaml'),
    ]);

    write('store-services/new-service/catalog-info.yaml');
    await provider.scan();
    expect(targets()).toContain(
      path.join(root, 'store-services/new-service/catalog-info.yaml'),
    );
    expect(targets()).toHaveLength(4);
  });

  it('schedules its scans only when the catalog connects it', async () => {
    const taskRunner = { run: jest.fn() };
    const provider = new StoreFileLocationsProvider(
      [],
      root,
      mockServices.logger.mock(),
      taskRunner,
    );
    expect(taskRunner.run).not.toHaveBeenCalled();
    await provider.connect({
      applyMutation: jest.fn(),
      refresh: jest.fn(),
    } as EntityProviderConnection);
    expect(taskRunner.run).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'inbestment-store-files:scan' }),
    );
  });

  it('refuses to scan before the catalog connected it', async () => {
    const provider = new StoreFileLocationsProvider(
      [],
      root,
      mockServices.logger.mock(),
      { run: jest.fn() },
    );
    await expect(provider.scan()).rejects.toThrow(/not connected/);
  });
});
