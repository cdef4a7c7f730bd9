import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APIRequestContext, test, expect } from '@playwright/test';
import { BACKEND, bearer, tokenOf } from './backendApi';

/**
 * Issue 10, findings 1 and 5, against the running backend: no signed-in user can make the catalog read a file of
 * the server, register a location the catalog cannot read from a configured integration, or retarget a location
 * they may not delete.
 */
// The e2e config's inbestment.scaffolder.localPublishDir, relative to packages/backend.
const PUBLISH_DIR = path.resolve(
  __dirname,
  '../../../data/e2e/generated-repos',
);

// An entity-shaped file outside every allowed root: the catalog used to return it whole from a dry run.
let plantedDir: string;
const PLANTED_NAME = `planted-${Date.now().toString(36)}`;

test.beforeAll(() => {
  plantedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-locations-'));
  fs.writeFileSync(
    path.join(plantedDir, 'catalog-info.yaml'),
    `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${PLANTED_NAME}\n  description: secret-line-from-the-server\nspec:\n  type: service\n  lifecycle: production\n  owner: team-commerce\n`,
  );
});

test.afterAll(() => fs.rmSync(plantedDir, { recursive: true, force: true }));

const fileTargets = () => [
  '/etc/passwd',
  path.join(plantedDir, 'catalog-info.yaml'),
  path.join(PUBLISH_DIR, 'cart-service', 'catalog-info.yaml'),
];

/** The response is a 4xx whose message says why, and nothing of any file's content. */
async function expectPlainRefusal(
  res: Awaited<ReturnType<APIRequestContext['post']>>,
  status: number,
  message: RegExp,
) {
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  expect(JSON.parse(text).error.message).toMatch(message);
  expect(text).not.toContain('root:');
  expect(text).not.toContain(PLANTED_NAME);
  expect(text).not.toContain('secret-line-from-the-server');
}

async function listLocations(request: APIRequestContext) {
  const admin = await tokenOf(request, 'demo-admin');
  const res = await request.get(`${BACKEND}/api/catalog/locations`, {
    headers: bearer(admin),
  });
  expect(res.ok()).toBe(true);
  return (await res.json()).map((l: any) => l.data);
}

/** Locations registered since `before` was listed. */
async function registeredSince(request: APIRequestContext, before: any[]) {
  const known = new Set(before.map(l => l.id));
  return (await listLocations(request)).filter((l: any) => !known.has(l.id));
}

const ONLY_URL = /^Only url locations can be registered, not file locations$/;

test.describe('a developer cannot make the catalog read a file', () => {
  for (const dryRun of [true, false]) {
    test(`POST /locations${
      dryRun ? '?dryRun=true' : ''
    } with file targets is refused`, async ({ request }) => {
      const token = await tokenOf(request, 'guest');
      const before = await listLocations(request);
      for (const target of fileTargets()) {
        const res = await request.post(
          `${BACKEND}/api/catalog/locations${dryRun ? '?dryRun=true' : ''}`,
          { headers: bearer(token), data: { type: 'file', target } },
        );
        await expectPlainRefusal(res, 400, ONLY_URL);
      }
      expect(await registeredSince(request, before)).toEqual([]);
    });
  }

  test('POST /analyze-location with file targets is refused', async ({
    request,
  }) => {
    const token = await tokenOf(request, 'guest');
    for (const target of fileTargets()) {
      const res = await request.post(
        `${BACKEND}/api/catalog/analyze-location`,
        {
          headers: bearer(token),
          data: { location: { type: 'file', target } },
        },
      );
      await expectPlainRefusal(res, 400, ONLY_URL);
    }
  });

  test('a url location of a host that is not a configured integration is refused at registration', async ({
    request,
  }) => {
    const token = await tokenOf(request, 'guest');
    const before = await listLocations(request);
    const target = `https://files.example.net/${Date.now().toString(
      36,
    )}/catalog-info.yaml`;
    const notIntegration =
      /^https:\/\/files\.example\.net\/\S+ is not on a configured integration host \(.*github\.com.*\)$/;
    for (const url of [
      `${BACKEND}/api/catalog/locations?dryRun=true`,
      `${BACKEND}/api/catalog/locations`,
    ]) {
      const res = await request.post(url, {
        headers: bearer(token),
        data: { type: 'url', target },
      });
      await expectPlainRefusal(res, 400, notIntegration);
    }
    const analyzed = await request.post(
      `${BACKEND}/api/catalog/analyze-location`,
      { headers: bearer(token), data: { location: { type: 'url', target } } },
    );
    await expectPlainRefusal(analyzed, 400, notIntegration);
    // file: URLs name no host
    const fileUrl = await request.post(
      `${BACKEND}/api/catalog/locations?dryRun=true`,
      {
        headers: bearer(token),
        data: { type: 'url', target: 'file:///etc/passwd' },
      },
    );
    await expectPlainRefusal(
      fileUrl,
      400,
      /^file:\/\/\/etc\/passwd is not on a configured integration host/,
    );

    expect(await registeredSince(request, before)).toEqual([]);
  });
});

test('updating a location needs the right to delete it', async ({
  request,
}) => {
  const admin = await tokenOf(request, 'demo-admin');
  const developer = await tokenOf(request, 'guest');
  const target = `https://github.com/inbestment/${PLANTED_NAME}/blob/main/catalog-info.yaml`;
  const created = await request.post(`${BACKEND}/api/catalog/locations`, {
    headers: bearer(admin),
    data: { type: 'url', target },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()).location;
  const location = () =>
    request.get(`${BACKEND}/api/catalog/locations/${id}`, {
      headers: bearer(admin),
    });

  try {
    // The developer may not delete it, so may not retarget it either.
    const deleted = await request.delete(
      `${BACKEND}/api/catalog/locations/${id}`,
      { headers: bearer(developer) },
    );
    expect(deleted.status()).toBe(403);
    const retarget = {
      type: 'url',
      target: `https://github.com/inbestment/${PLANTED_NAME}/blob/main/other.yaml`,
    };
    const updated = await request.put(
      `${BACKEND}/api/catalog/locations/${id}`,
      { headers: bearer(developer), data: retarget },
    );
    expect(updated.status(), await updated.text()).toBe(403);
    expect((await updated.json()).error.message).toBe(
      'Updating a location needs the catalog.location.delete permission',
    );
    expect((await (await location()).json()).target).toBe(target);

    // An admin may, to a url of a configured integration only.
    const refused = await request.put(
      `${BACKEND}/api/catalog/locations/${id}`,
      { headers: bearer(admin), data: { type: 'file', target: '/etc/passwd' } },
    );
    await expectPlainRefusal(refused, 400, ONLY_URL);
    const byAdmin = await request.put(
      `${BACKEND}/api/catalog/locations/${id}`,
      { headers: bearer(admin), data: retarget },
    );
    expect(byAdmin.status(), await byAdmin.text()).toBe(200);
    expect((await (await location()).json()).target).toBe(retarget.target);
  } finally {
    await request.delete(`${BACKEND}/api/catalog/locations/${id}`, {
      headers: bearer(admin),
    });
  }
});
