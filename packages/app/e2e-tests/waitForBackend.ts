/**
 * Playwright's webServer waits for the frontend only; the backend (catalog,
 * search, TechDocs) starts separately. Tests also need the guest's catalog
 * user: a guest signed in before it is ingested gets no team ownership for
 * the whole session.
 */
const BACKEND = 'http://localhost:7007';
const GUEST_USER = 'user/default/demo-developer';

async function poll(what: string, check: () => Promise<string | undefined>) {
  const deadline = Date.now() + 240_000;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const problem = await check();
      if (!problem) {
        return;
      }
      lastError = problem;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`${what}: ${lastError}`);
}

export default async function waitForBackend() {
  await poll('Backend not ready', async () => {
    const response = await fetch(`${BACKEND}/.backstage/health/v1/readiness`);
    return response.ok ? undefined : `HTTP ${response.status}`;
  });
  await poll(`Catalog has no ${GUEST_USER}`, async () => {
    const session = await (
      await fetch(`${BACKEND}/api/auth/guest/refresh?env=development`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      })
    ).json();
    const response = await fetch(
      `${BACKEND}/api/catalog/entities/by-name/${GUEST_USER}`,
      {
        headers: {
          Authorization: `Bearer ${session.backstageIdentity.token}`,
        },
      },
    );
    return response.ok ? undefined : `HTTP ${response.status}`;
  });
}
