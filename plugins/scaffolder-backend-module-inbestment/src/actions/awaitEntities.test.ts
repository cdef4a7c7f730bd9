import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createCatalogAwaitAction } from './awaitEntities';

const entity = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

const REFS = [
  'component:default/loyalty-service',
  'api:default/loyalty-service-api',
];

describe('inbestment:catalog:await', () => {
  /** A catalog that lists the given entities from its `listedAfter`-th read on (as its processing catches up). */
  function catalogListingAfter(listedAfter: number, entities: Entity[]) {
    const listed = catalogServiceMock({ entities });
    const empty = catalogServiceMock({ entities: [] });
    let reads = 0;
    const catalog = catalogServiceMock.mock({
      getEntitiesByRefs: async (request, options) =>
        (++reads >= listedAfter ? listed : empty).getEntitiesByRefs(
          request,
          options,
        ),
    });
    return { catalog, reads: () => reads };
  }

  const run = async (
    catalog: ReturnType<typeof catalogServiceMock.mock>,
    timeoutSeconds = 30,
  ) => {
    const ctx = createMockActionContext({
      input: { entityRefs: REFS, timeoutSeconds },
    });
    jest.spyOn(ctx.logger, 'info');
    await createCatalogAwaitAction({ catalog, pollMs: 10 }).handler(ctx);
    return ctx;
  };

  it('returns once the catalog lists every entity', async () => {
    const { catalog, reads } = catalogListingAfter(3, [
      entity('Component', 'loyalty-service'),
      entity('API', 'loyalty-service-api'),
    ]);
    const ctx = await run(catalog);
    expect(reads()).toBe(3);
    expect(ctx.logger.info).toHaveBeenLastCalledWith(
      expect.stringMatching(
        /^The catalog lists component:default\/loyalty-service, api:default\/loyalty-service-api \(after \d+ s\)$/,
      ),
    );
  });

  it('fails naming what the catalog still does not list', async () => {
    // The API could not be processed (e.g. its definition did not resolve): it never appears.
    const { catalog } = catalogListingAfter(1, [
      entity('Component', 'loyalty-service'),
    ]);
    await expect(run(catalog, 1)).rejects.toThrow(
      'The catalog has not listed api:default/loyalty-service-api after 1 s. The repository is published; the reason is on the Unprocessed entities page (/catalog-unprocessed-entities).',
    );
  });

  it('reads the catalog as the task initiator', async () => {
    const { catalog } = catalogListingAfter(1, [
      entity('Component', 'loyalty-service'),
      entity('API', 'loyalty-service-api'),
    ]);
    const ctx = await run(catalog);
    const [, options] = (catalog.getEntitiesByRefs as jest.Mock).mock.calls[0];
    expect(options.credentials).toEqual(await ctx.getInitiatorCredentials());
  });
});
