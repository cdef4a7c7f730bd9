import { request, APIRequestContext } from '@playwright/test';
import { expect, expectSeen, test } from './seen';
import { signInAsGuest } from './signIn';

const BACKEND = 'http://localhost:7007';

/**
 * Text that the snippets fixture includes: the start of a repository file outside
 * every docs folder (fixtures/techdocs-trust/outside-the-docs.txt), and a key of
 * /etc/os-release, a server file outside the repository.
 */
const OUTSIDE_FILE = 'TRUST-PROBE-OUTSIDE-FILE';
const SERVER_FILE_MARKER = 'PRETTY_NAME';

async function guestApi() {
  const api = await request.newContext({
    extraHTTPHeaders: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const session = await (
    await api.get(`${BACKEND}/api/auth/guest/refresh?env=development`)
  ).json();
  return {
    api,
    headers: { Authorization: `Bearer ${session.backstageIdentity.token}` },
  };
}

/** Waits for the catalog to serve the fixture entity (the file scan runs every 30 s). */
async function waitForEntity(
  api: APIRequestContext,
  headers: Record<string, string>,
  name: string,
) {
  await expect(async () => {
    const response = await api.get(
      `${BACKEND}/api/catalog/entities/by-name/component/default/${name}`,
      { headers },
    );
    expect(response.status()).toBe(200);
  }).toPass({ timeout: 90_000 });
}

/** Asks TechDocs to build the entity's docs; returns the event stream's log lines and error. */
async function syncDocs(
  api: APIRequestContext,
  headers: Record<string, string>,
  name: string,
) {
  const response = await api.get(
    `${BACKEND}/api/techdocs/sync/default/component/${name}`,
    { headers, timeout: 120_000 },
  );
  expect(response.status()).toBe(200);
  const body = await response.text();
  const events = body
    .split('\n\n')
    .filter(Boolean)
    .map(block => {
      const [, type] = block.match(/^event: (\w+)$/m) ?? [];
      const [, data] = block.match(/^data: (.*)$/m) ?? [];
      return { type, data: data === undefined ? undefined : JSON.parse(data) };
    });
  return {
    body,
    logs: events.filter(e => e.type === 'log').map(e => String(e.data)),
    errors: events.filter(e => e.type === 'error').map(e => String(e.data)),
    finished: events.filter(e => e.type === 'finish').map(e => e.data),
  };
}

async function staticDocs(
  api: APIRequestContext,
  headers: Record<string, string>,
  name: string,
) {
  const response = await api.get(
    `${BACKEND}/api/techdocs/static/docs/default/component/${name}/index.html`,
    { headers },
  );
  return { status: response.status(), body: await response.text() };
}

/**
 * Asks TechDocs to build a fixture entity's docs and checks the build was
 * refused: one error, the entity named in the build log, nothing published.
 */
async function expectRefusedBuild(name: string) {
  const { api, headers } = await guestApi();
  await waitForEntity(api, headers, name);
  const sync = await syncDocs(api, headers, name);
  expect(sync.finished).toEqual([]);
  expect(sync.errors).toHaveLength(1);
  expect(sync.logs.join('\n')).toContain(`component:default/${name}`);
  const docs = await staticDocs(api, headers, name);
  expect(docs.status).toBe(404);
  return { error: sync.errors[0], body: sync.body, docs: docs.body };
}

/**
 * A catalog entity's mkdocs.yml is untrusted input: TechDocs' local builder
 * refuses settings outside its allowlist instead of running mkdocs with them
 * (plugins/techdocs-backend-module-inbestment).
 */
test.describe('TechDocs builds only allowlisted mkdocs settings', () => {
  test('snippets that include files from outside the docs are refused, naming the entity and the setting', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    const name = 'techdocs-trust-snippets';
    const refused = await expectRefusedBuild(name);
    expect(refused.error).toContain('markdown_extensions: pymdownx.snippets');
    for (const text of [refused.body, refused.docs]) {
      expect(text).not.toContain(OUTSIDE_FILE);
      expect(text).not.toContain(SERVER_FILE_MARKER);
    }

    // The docs page shows the build error, never the included files.
    await signInAsGuest(page);
    await page.goto(`/docs/default/component/${name}`);
    await expectSeen(
      page.getByText(/Building a newer version of this documentation failed/),
      { timeout: 180_000 },
    );
    await expectSeen(page.getByText(/pymdownx\.snippets/).first());
    const pageText = await page.locator('body').innerText();
    expect(pageText).not.toContain(OUTSIDE_FILE);
    expect(pageText).not.toContain(SERVER_FILE_MARKER);
  });

  test("an !ENV tag that reads the server's environment is refused, naming the setting", async () => {
    test.setTimeout(180_000);
    const refused = await expectRefusedBuild('techdocs-trust-env');
    expect(refused.error).toContain('"site_name" (it uses the YAML tag !ENV');
  });
});
