import { APIRequestContext, Page, TestInfo } from '@playwright/test';
import { BACKEND, bearer, tokenOf } from './backendApi';
import { expect, expectSeen, test } from './seen';
import { signInAsGuest } from './signIn';

/**
 * TechDocs as a person reads them: the docs text is seen (not only in the DOM:
 * the reader keeps its shadow root at opacity 0 until every stylesheet loaded),
 * with the outside network closed, no request leaving the machine, no "newer
 * version" banner, and the same under the production Content-Security-Policy.
 */

const APP = 'http://localhost:3000';

const docsPages = [
  {
    name: "cart-service's docs",
    entity: 'cart-service',
    path: '/docs/default/component/cart-service',
    text: 'cart-service keeps one active cart per visitor',
  },
  {
    name: "checkout-service's runbook",
    entity: 'checkout-service',
    path: '/docs/default/component/checkout-service/runbook/',
    text: 'Alarm names start with',
  },
];

/** How long a person may wait for docs that are already built (the page itself is built on a 2-core machine). */
const SEEN_WITHIN_MS = 15_000;

/** What 'self' covers in production besides the page's origin: the API, also its websockets (signals). */
const backendOrigins = [BACKEND, BACKEND.replace(/^http/, 'ws')];

/**
 * The directives app-config.production.yaml sets in backend.csp (the app's lint
 * keeps browser tests from reading files); the rest is Backstage's default
 * policy, read from the running backend.
 */
const productionCspOverrides: Record<string, string[]> = {
  'connect-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'https:'],
  'frame-ancestors': ["'none'"],
};

/**
 * The policy production sends with the app page, for this portal's two
 * origins: production serves the app and the API from one origin, the
 * development portal from :3000 and :7007, so 'self' also names the backend.
 * `upgrade-insecure-requests` is left out: production is HTTPS, where it
 * changes nothing; here it would send the loopback requests to a TLS port
 * that does not exist.
 */
async function productionCsp(request: APIRequestContext) {
  const response = await request.get(
    `${BACKEND}/.backstage/health/v1/readiness`,
  );
  const backstageDefault = response.headers()['content-security-policy'];
  expect(backstageDefault).toContain("default-src 'self'");
  const directives = new Map(
    backstageDefault
      .split(';')
      .map(directive => directive.trim().split(/\s+/))
      .map(([name, ...values]): [string, string[]] => [name, values]),
  );
  for (const [name, values] of Object.entries(productionCspOverrides)) {
    directives.set(name, values);
  }
  directives.delete('upgrade-insecure-requests');
  return [...directives]
    .map(([name, values]) =>
      [
        name,
        ...values.flatMap(value =>
          value === "'self'" ? [value, ...backendOrigins] : [value],
        ),
      ].join(' '),
    )
    .join('; ');
}

/** Serves the app's page with the given policy, as the production backend does. */
async function serveAppWithCsp(page: Page, csp: string) {
  await page.route(
    url => url.origin === APP,
    async route => {
      if (route.request().resourceType() !== 'document') {
        await route.fallback();
        return;
      }
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'content-security-policy': csp },
      });
    },
  );
}

/** Requests the page tried to send off this machine, and the policy violations it reported. */
function watchPage(page: Page) {
  const outside: string[] = [];
  page.on('request', request => {
    const { hostname, protocol } = new URL(request.url());
    if (
      (protocol === 'http:' || protocol === 'https:' || protocol === 'ws:') &&
      !['localhost', '127.0.0.1', '[::1]'].includes(hostname)
    ) {
      outside.push(request.url());
    }
  });
  const violations: string[] = [];
  page.on('console', message => {
    if (/Content Security Policy/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  return { outside, violations };
}

/** The directive that refused a stylesheet from an origin no policy here names, or undefined if it loaded or failed otherwise. */
function refusedStylesheet(page: Page) {
  return page.evaluate(
    () =>
      new Promise<string | undefined>(resolve => {
        document.addEventListener('securitypolicyviolation', event =>
          resolve(event.effectiveDirective),
        );
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = 'http://127.0.0.1:9/refused.css';
        link.onerror = () => setTimeout(() => resolve(undefined), 500);
        document.head.appendChild(link);
      }),
  );
}

/** Builds the docs once before the pages are timed (the first build after a change takes a while). */
async function buildDocs(request: APIRequestContext, entity: string) {
  const token = await tokenOf(request, 'guest');
  const response = await request.get(
    `${BACKEND}/api/techdocs/sync/default/component/${entity}`,
    { headers: bearer(token), timeout: 180_000 },
  );
  const body = await response.text();
  expect(body, body).toMatch(/event: finish/);
  const metadata = await request.get(
    `${BACKEND}/api/techdocs/static/docs/default/component/${entity}/techdocs_metadata.json`,
    { headers: bearer(token) },
  );
  // the build records what it was built from, so an unchanged folder is not rebuilt on the next visit
  expect((await metadata.json()).etag).toMatch(/^docs-sha256-/);
}

/**
 * Opens a docs page and waits until a person sees its text. Returns how long
 * that took from the navigation and from the moment the portal's shell was
 * up (the docs' own part; the development bundle's start-up varies with the
 * machine's load).
 */
async function openDocs(page: Page, docsPage: (typeof docsPages)[number]) {
  const synced = page.waitForResponse(
    response =>
      response
        .url()
        .includes(`/api/techdocs/sync/default/component/${docsPage.entity}`),
    { timeout: 150_000 },
  );
  const started = Date.now();
  await page.goto(docsPage.path, { waitUntil: 'commit' });
  await expect(
    page.getByRole('link', { name: 'Docs', exact: true }),
  ).toBeVisible({ timeout: 120_000 });
  const shellUp = Date.now();
  // each try scrolls again: the text moves up once the docs' stylesheet applies
  await expect(async () => {
    await expectSeen(page.getByText(docsPage.text).first(), { timeout: 2_000 });
  }).toPass({ timeout: SEEN_WITHIN_MS });
  const seen = Date.now();
  // the reader's check for a newer build has answered: nothing newer, no error
  await (await synced).finished();
  await expect(
    page.getByText(/newer version of this documentation/i),
  ).toHaveCount(0);
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expectSeen(page.getByText(docsPage.text).first());
  return { fromNavigation: seen - started, fromShell: seen - shellUp };
}

function annotate(
  testInfo: TestInfo,
  what: string,
  times: { fromNavigation: number; fromShell: number },
) {
  testInfo.annotations.push({
    type: 'time to visible docs text',
    description: `${what}: ${times.fromShell} ms after the portal's shell, ${times.fromNavigation} ms after navigation`,
  });
}

// Chromium gives a page whose response a test rewrote (the production CSP
// tests below) no address, takes it for a public site and refuses its requests
// to localhost (Local Network Access checks). In production the page and the
// API share one origin; for pages served as they are, the flag changes nothing.
test.use({
  launchOptions: [
    async ({ launchOptions }, use) => {
      await use({
        ...launchOptions,
        args: [
          ...(launchOptions.args ?? []),
          '--disable-features=LocalNetworkAccessChecks',
        ],
      });
    },
    { scope: 'worker' },
  ],
});

test.describe('TechDocs pages are seen', () => {
  test.beforeAll(async ({ request }) => {
    test.setTimeout(400_000);
    for (const { entity } of docsPages) {
      await buildDocs(request, entity);
    }
  });

  test.beforeEach(async ({ page }) => {
    // the development bundle starts slowly on a loaded 2-core machine; the docs have their own bound
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await signInAsGuest(page);
  });

  for (const docsPage of docsPages) {
    test(`${docsPage.name}: the text is seen, with nothing loaded from outside`, async ({
      page,
    }, testInfo) => {
      const watched = watchPage(page);
      annotate(testInfo, docsPage.name, await openDocs(page, docsPage));
      expect(watched.outside).toEqual([]);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({
        path: testInfo.outputPath(`docs-${docsPage.entity}.png`),
      });
    });
  }

  test.describe('under the production Content-Security-Policy', () => {
    for (const docsPage of docsPages) {
      test(`${docsPage.name}: the text is seen`, async ({
        page,
        request,
      }, testInfo) => {
        await serveAppWithCsp(page, await productionCsp(request));
        const watched = watchPage(page);
        annotate(
          testInfo,
          `${docsPage.name}, production CSP`,
          await openDocs(page, docsPage),
        );
        expect(watched.violations).toEqual([]);
        expect(watched.outside).toEqual([]);
        // the policy is in force: a stylesheet from an origin it does not name is refused
        expect(await refusedStylesheet(page)).toMatch(/^style-src/);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({
          path: testInfo.outputPath(`docs-${docsPage.entity}-csp.png`),
        });
      });
    }
  });
});
