import { test, expect, request } from '@playwright/test';

const BACKEND = 'http://localhost:7007';

/**
 * A malformed catalog-info.yaml in the tree must not take the catalog down:
 * the error names the file, and the entities of the other files are served.
 */
test('a malformed catalog-info.yaml is reported by file name, others are served', async () => {
  const api = await request.newContext({
    extraHTTPHeaders: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const session = await (
    await api.get(`${BACKEND}/api/auth/guest/refresh?env=development`)
  ).json();
  const headers = {
    Authorization: `Bearer ${session.backstageIdentity.token}`,
  };
  // A file that never processed cleanly stays out of the catalog and is listed,
  // with its error, among the unprocessed entities.
  const brokenFile =
    'e2e-tests/fixtures/broken-location/broken-service/catalog-info.yaml';

  await expect(async () => {
    const errors: string[] = [];
    for (const state of ['failed', 'pending']) {
      const { entities } = await (
        await api.get(`${BACKEND}/api/catalog/entities/unprocessed/${state}`, {
          headers,
        })
      ).json();
      for (const entity of entities) {
        errors.push(...(entity.errors ?? []).map((e: any) => e.message));
      }
    }
    expect(errors.some(message => message.includes(brokenFile))).toBe(true);
  }).toPass({ timeout: 60_000 });

  const good = await api.get(
    `${BACKEND}/api/catalog/entities/by-name/component/default/e2e-good-service`,
    { headers },
  );
  expect(good.status()).toBe(200);
  const services = await (
    await api.get(
      `${BACKEND}/api/catalog/entities?filter=kind=component,spec.type=service`,
      { headers },
    )
  ).json();
  expect(services).toHaveLength(16);
});
