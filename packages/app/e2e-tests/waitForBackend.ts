/**
 * Playwright's webServer waits for the frontend only; the backend (catalog,
 * search, TechDocs) starts separately and must be ready before any test.
 */
const READINESS_URL = 'http://localhost:7007/.backstage/health/v1/readiness';

export default async function waitForBackend() {
  const deadline = Date.now() + 240_000;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(READINESS_URL);
      if (response.ok) {
        return;
      }
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`Backend not ready at ${READINESS_URL}: ${lastError}`);
}
