/*
 * Smoke check of a running local production run (`npm run start:prod` in
 * another shell):
 *
 *   npm run smoke:prod
 *
 * - every replica answers its readiness endpoint directly;
 * - nginx serves the built app and its JavaScript, and both replicas answer
 *   through it;
 * - guest sign-in does not exist;
 * - a catalog user signs in through the local OIDC provider (the popup flow
 *   the browser runs: /start, the provider's login form, /handler/frame) and
 *   the portal's /refresh hands out a Backstage token for that user;
 * - with that token nginx serves the catalog (the store's components and the
 *   user), TechDocs from the S3 bucket and AWS data read from moto (EKS
 *   deployments, source aws);
 * - in headless Chromium the sign-in page offers OIDC and no guest, and the
 *   popup sign-in ends in the app showing the user.
 *
 * Prints each check with its time; exits 1 on the first failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);
const PROD_DIR = process.env.PROD_DIR ?? path.join(REPO, 'data/prod');
const portalUrl = `http://localhost:${process.env.PORTAL_PORT ?? 7007}`;
const replicaPorts = (process.env.PORTAL_REPLICA_PORTS ?? '7101 7102').split(
  /\s+/,
);
const secrets = Object.fromEntries(
  fs
    .readFileSync(path.join(PROD_DIR, 'secrets.env'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => [
      line.slice(0, line.indexOf('=')),
      line.slice(line.indexOf('=') + 1),
    ]),
);
const USER = process.env.SMOKE_USER ?? 'priya-raman';
/** USER's display name, from the catalog. */
let displayName;

/** Cookies per host, as a browser keeps them (paths ignored: names do not clash here). */
const jar = new Map();
function storeCookies(url, response) {
  const host = new URL(url).host;
  const cookies = jar.get(host) ?? new Map();
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const name = pair.slice(0, pair.indexOf('='));
    const value = pair.slice(pair.indexOf('=') + 1);
    if (/expires=Thu, 01 Jan 1970/i.test(header) || value === '')
      cookies.delete(name);
    else cookies.set(name, value);
  }
  jar.set(host, cookies);
}
function cookieHeader(url) {
  const cookies = jar.get(new URL(url).host);
  return cookies ? [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') : '';
}
async function browserFetch(url, init = {}) {
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...init.headers, cookie: cookieHeader(url) },
  });
  storeCookies(url, response);
  const upstream = response.headers.get('x-portal-upstream');
  if (upstream) signInUpstreams.push(`${new URL(url).pathname} -> ${upstream}`);
  return response;
}
/** Which replica answered each portal request of the sign-in (nginx's X-Portal-Upstream). */
const signInUpstreams = [];
/** Follows redirects like a browser, keeping cookies; returns the final response. */
async function follow(url, init) {
  let response = await browserFetch(url, init);
  for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
    if (hops > 10) throw new Error(`too many redirects from ${url}`);
    url = new URL(response.headers.get('location'), url).toString();
    response = await browserFetch(url);
  }
  return { url, response };
}

let failed = false;
async function check(name, fn) {
  const started = performance.now();
  try {
    const detail = await fn();
    console.log(
      `ok   ${name} (${Math.round(performance.now() - started)} ms)${
        detail ? `: ${detail}` : ''
      }`,
    );
  } catch (error) {
    failed = true;
    console.log(`FAIL ${name}: ${error.message}`);
    throw error;
  }
}
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function main() {
  for (const port of replicaPorts) {
    await check(`replica :${port} ready`, async () => {
      const res = await fetch(
        `http://127.0.0.1:${port}/.backstage/health/v1/readiness`,
      );
      expect(res.status === 200, `readiness answered ${res.status}`);
    });
  }

  await check('nginx serves the built app', async () => {
    const res = await fetch(`${portalUrl}/catalog`);
    const html = await res.text();
    expect(res.status === 200, `/catalog answered ${res.status}`);
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
    expect(script, 'no script tag in the served index.html');
    const js = await fetch(new URL(script, portalUrl));
    expect(js.status === 200, `${script} answered ${js.status}`);
    return `index.html + ${script}`;
  });

  await check('both replicas answer through nginx', async () => {
    const upstreams = new Set();
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${portalUrl}/.backstage/health/v1/readiness`);
      upstreams.add(res.headers.get('x-portal-upstream'));
    }
    expect(
      upstreams.size === replicaPorts.length,
      `answered by ${[...upstreams].join(', ')}`,
    );
    return [...upstreams].join(', ');
  });

  await check('guest sign-in does not exist', async () => {
    const res = await fetch(
      `${portalUrl}/api/auth/guest/refresh?env=production`,
      {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      },
    );
    expect(res.status === 404, `guest refresh answered ${res.status}`);
  });

  let token;
  await check(`OIDC sign-in of ${USER}`, async () => {
    // 1. the popup opens /start; the portal redirects to the provider, which shows its login form
    const start = `${portalUrl}/api/auth/oidc/start?env=production&scope=${encodeURIComponent(
      'openid profile email',
    )}`;
    const { url: loginUrl, response: form } = await follow(start);
    const html = await form.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    expect(
      form.status === 200 && action,
      `no login form at ${loginUrl} (${form.status})`,
    );
    // 2. the user submits name and password; the provider redirects back to the portal's handler
    const { url: handlerUrl, response: frame } = await follow(
      new URL(action, loginUrl).toString(),
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          login: USER,
          password: secrets.LOCAL_OIDC_PASSWORD,
        }).toString(),
      },
    );
    expect(
      handlerUrl.startsWith(`${portalUrl}/api/auth/oidc/handler/frame`),
      `ended at ${handlerUrl}`,
    );
    const frameHtml = await frame.text();
    const payload = /decodeURIComponent\('([^']+)'\)/.exec(frameHtml)?.[1];
    expect(
      payload,
      `handler answered ${frame.status} without a response: ${frameHtml.slice(
        0,
        300,
      )}`,
    );
    const message = JSON.parse(decodeURIComponent(payload));
    expect(
      message.type === 'authorization_response' && !message.error,
      `handler: ${JSON.stringify(message.error ?? message).slice(0, 300)}`,
    );
    // 3. the app then refreshes its session from the cookie the handler set
    const refresh = await browserFetch(
      `${portalUrl}/api/auth/oidc/refresh?env=production`,
      {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      },
    );
    const body = await refresh.json();
    expect(
      refresh.status === 200,
      `refresh answered ${refresh.status}: ${JSON.stringify(body)}`,
    );
    token = body.backstageIdentity?.token;
    const ref = body.backstageIdentity?.identity?.userEntityRef;
    expect(token && ref === `user:default/${USER}`, `identity ${ref}`);
    const owners = body.backstageIdentity.identity.ownershipEntityRefs;
    return `${ref}, ownership ${owners.join(' ')}; ${signInUpstreams.join(
      ', ',
    )}`;
  });

  const auth = { authorization: `Bearer ${token}` };
  await check('catalog served through nginx with the user token', async () => {
    const res = await fetch(
      `${portalUrl}/api/catalog/entities/by-query?filter=kind=component&limit=500&fields=metadata.name`,
      { headers: auth },
    );
    const body = await res.json();
    expect(res.status === 200, `by-query answered ${res.status}`);
    expect(
      body.items.length >= 28,
      `${body.items.length} components (the catalog may still be ingesting)`,
    );
    const user = await fetch(
      `${portalUrl}/api/catalog/entities/by-name/user/default/${USER}`,
      { headers: auth },
    );
    expect(user.status === 200, `user entity answered ${user.status}`);
    displayName = (await user.json()).spec.profile.displayName;
    return `${body.items.length} components`;
  });

  await check('TechDocs from S3 (moto) through nginx', async () => {
    const res = await fetch(
      `${portalUrl}/api/techdocs/static/docs/default/component/checkout-service/index.html`,
      { headers: auth },
    );
    const html = await res.text();
    expect(
      res.status === 200 && html.includes('<html'),
      `answered ${res.status}: ${html.slice(0, 200)}`,
    );
    return `${html.length} bytes`;
  });

  await check(
    'AWS data from moto (EKS deployments of checkout-service)',
    async () => {
      const res = await fetch(
        `${portalUrl}/api/eks/entities/component/default/checkout-service/deployments`,
        { headers: auth },
      );
      const body = await res.json();
      expect(
        res.status === 200,
        `answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`,
      );
      expect(body.source === 'aws', `source ${body.source}`);
      const deployments = body.environments.flatMap(e => e.deployments ?? []);
      expect(
        deployments.length > 0,
        `no deployments; errors ${JSON.stringify(body.errors)}`,
      );
      return `${body.environments.map(e => e.name).join('+')}: ${
        deployments.length
      } deployments, ${body.errors.length} errors`;
    },
  );
}

/** The same sign-in in headless Chromium: the page offers OIDC and no guest, the popup signs in, the app greets the user. */
async function browserSignIn() {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${portalUrl}/`);
    await page.getByText('Single sign-on').first().waitFor({ timeout: 60_000 });
    const signInText = await page.locator('body').innerText();
    expect(!/guest/i.test(signInText), 'the sign-in page offers guest');
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      // Single sign-on is the first provider on the page
      page
        .getByRole('button', { name: /sign in/i })
        .first()
        .click(),
    ]);
    await popup.locator('input[name=login]').waitFor();
    const provider = new URL(popup.url()).origin;
    await popup.fill('input[name=login]', USER);
    await popup.fill('input[name=password]', secrets.LOCAL_OIDC_PASSWORD);
    await popup.click('button[type=submit]');
    // the signed-in user's name in the sidebar
    await page.getByText(displayName).first().waitFor({ timeout: 60_000 });
    return `login form at ${provider}, then the app shows ${displayName}`;
  } finally {
    await browser.close();
  }
}

main()
  .then(() =>
    check(`sign-in of ${USER} in Chromium (/usr/bin/chromium)`, browserSignIn),
  )
  .then(() => console.log('smoke check passed'))
  .catch(error => {
    if (!failed) console.log('FAIL', error);
    process.exit(1);
  });
