import { mockServices } from '@backstage/backend-test-utils';
import { techDocsFilesReader } from './catalog';

/** A techdocs backend whose docs exist once built; `sync` builds them after `buildMs`. */
function fakeTechDocs(buildMs: number) {
  const built = new Set<string>();
  const log: string[] = [];
  const fetch = (async (url: string) => {
    const [, route, , , name] =
      /\/api\/techdocs\/(metadata\/techdocs|sync)\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(
        url,
      )!;
    if (route === 'sync') {
      log.push(`build ${name} start`);
      await new Promise(r => setTimeout(r, buildMs));
      built.add(name);
      log.push(`build ${name} end`);
      return new Response('event: finish\ndata: {"updated":true}\n\n');
    }
    return built.has(name)
      ? Response.json({ files: ['index.html', 'runbook/index.html'] })
      : new Response('not found', { status: 404 });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, log };
}

const services = {
  auth: mockServices.auth(),
  discovery: mockServices.discovery(),
};
const entity = (name: string) => ({
  kind: 'component',
  namespace: 'default',
  name,
});

describe('techDocsFilesReader', () => {
  it('leaves docs not built yet as a read error when the portal does not build docs', async () => {
    const { fetch, log } = fakeTechDocs(1);
    const read = techDocsFilesReader({ ...services, fetch });
    await expect(read(entity('cart-service'))).rejects.toThrow(
      /not built and published yet/,
    );
    expect(log).toEqual([]);
  });

  it('builds docs not built yet when the portal builds docs, one entity at a time', async () => {
    const { fetch, log } = fakeTechDocs(20);
    const read = techDocsFilesReader({
      ...services,
      fetch,
      buildWhenMissing: true,
    });
    const files = await Promise.all([
      read(entity('cart-service')),
      read(entity('checkout-service')),
    ]);
    expect(files).toEqual([
      ['index.html', 'runbook/index.html'],
      ['index.html', 'runbook/index.html'],
    ]);
    expect(log).toEqual([
      'build cart-service start',
      'build cart-service end',
      'build checkout-service start',
      'build checkout-service end',
    ]);
    // Built docs are read as they are.
    await read(entity('cart-service'));
    expect(log).toHaveLength(4);
  });
});
