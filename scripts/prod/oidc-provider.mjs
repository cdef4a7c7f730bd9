/*
 * A local OpenID Connect provider for the local production run
 * (scripts/start-prod.sh): `oidc-provider` (the certified Node.js
 * implementation) on loopback, holding the catalog's users (catalog/org.yaml:
 * name, display name, email). The portal signs users in through it exactly as
 * through Okta, Cognito or Entra ID in production (auth.providers.oidc,
 * resolver emailMatchingUserEntityProfileEmail).
 *
 * Environment:
 *   LOCAL_OIDC_PORT           port on 127.0.0.1 (the issuer is http://127.0.0.1:PORT)
 *   LOCAL_OIDC_CLIENT_ID      the portal's client id
 *   LOCAL_OIDC_CLIENT_SECRET  the portal's client secret
 *   LOCAL_OIDC_REDIRECT_URI   the portal's callback (…/api/auth/oidc/handler/frame)
 *   LOCAL_OIDC_PASSWORD       the one password of every local user
 *
 * Login: a user's catalog name or email and LOCAL_OIDC_PASSWORD. Consent is
 * granted to the portal (a first-party client), as a company IdP does.
 */
import Provider from 'oidc-provider';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'yaml';

const REPO = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
}

const port = Number(required('LOCAL_OIDC_PORT'));
const clientId = required('LOCAL_OIDC_CLIENT_ID');
const clientSecret = required('LOCAL_OIDC_CLIENT_SECRET');
const redirectUri = required('LOCAL_OIDC_REDIRECT_URI');
const password = required('LOCAL_OIDC_PASSWORD');
const issuer = `http://127.0.0.1:${port}`;

/** The catalog's users by name, with their profile. */
const users = new Map(
  yaml
    .parseAllDocuments(
      fs.readFileSync(path.join(REPO, 'catalog/org.yaml'), 'utf8'),
    )
    .map(doc => doc.toJS())
    .filter(entity => entity?.kind === 'User' && entity.spec?.profile?.email)
    .map(entity => [
      entity.metadata.name,
      {
        name: entity.metadata.name,
        displayName: entity.spec.profile.displayName ?? entity.metadata.name,
        email: entity.spec.profile.email,
      },
    ]),
);

function findUser(login) {
  const needle = String(login ?? '')
    .trim()
    .toLowerCase();
  for (const user of users.values()) {
    if (user.name === needle || user.email.toLowerCase() === needle)
      return user;
  }
  return undefined;
}

// A fresh signing key per run: the portal reads it from the JWKS endpoint.
const { privateKey } = crypto.generateKeyPairSync('rsa', {
  modulusLength: 2048,
});
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  use: 'sig',
  alg: 'RS256',
  kid: crypto.randomBytes(8).toString('hex'),
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
  },
  async findAccount(_ctx, accountId) {
    const user = users.get(accountId);
    if (!user) return undefined;
    return {
      accountId,
      async claims() {
        return {
          sub: user.name,
          email: user.email,
          email_verified: true,
          name: user.displayName,
          preferred_username: user.name,
        };
      },
    };
  },
  // The portal keeps its session through refresh tokens (Backstage's /refresh).
  async issueRefreshToken(_ctx, client) {
    return client.grantTypeAllowed('refresh_token');
  },
  // First-party client: consent is implied, as in a company IdP.
  async loadExistingGrant(ctx) {
    const grantId =
      ctx.oidc.result?.consent?.grantId ||
      ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  interactions: {
    url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
  },
  features: { devInteractions: { enabled: false } },
});

const escapeHtml = value =>
  String(value).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

function loginPage(uid, error) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Sign in</title></head>
<body><h1>inbestment sign-in (local identity provider)</h1>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>User name or email <input name="login" autocomplete="username" autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function passwordMatches(given) {
  const a = Buffer.from(String(given ?? ''));
  const b = Buffer.from(password);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', issuer);
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
  if (!match) {
    callback(req, res);
    return;
  }
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name !== 'login') {
      throw new Error(`unexpected prompt ${details.prompt.name}`);
    }
    if (req.method === 'GET' && !match[2]) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(loginPage(details.uid));
      return;
    }
    if (req.method === 'POST' && match[2]) {
      const form = await readForm(req);
      const user = findUser(form.get('login'));
      if (!user || !passwordMatches(form.get('password'))) {
        res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' });
        res.end(loginPage(details.uid, 'Unknown user or wrong password'));
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.name } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    res.writeHead(405).end();
  } catch (error) {
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(`sign-in failed: ${error.message}`);
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(
    `[oidc] ${issuer} holds ${users.size} catalog users; client ${clientId}`,
  );
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
