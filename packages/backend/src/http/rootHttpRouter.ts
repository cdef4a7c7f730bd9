import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { plainErrorResponses } from './errorResponses';
import { isDirectLoopbackRequest } from './loopback';
import { gateWebSocketUpgrades } from './upgradeGate';

/**
 * Backstage's root HTTP router with Backstage's defaults (helmet, CORS, logging, rate limiting,
 * the error handler, `backend.trustProxy`), plus the portal's edge rules:
 *
 * - rate limiting (`backend.rateLimit`) exempts direct loopback connections, in every spelling
 *   (`::ffff:127.0.0.1` on a dual-stack listener): the backend's own service-to-service calls
 *   and, on the embedded default, the local browser. Backstage's own `ipAllowList` is meant to
 *   stay empty: it also trusts `req.ip`, which `trustProxy` takes from X-Forwarded-For;
 * - error bodies carry no stack trace, bad input is a 400 and another plugin's refusal keeps
 *   its status (see plainErrorResponses);
 * - websocket upgrades need a signed-in user and the portal's Origin (see gateWebSocketUpgrades).
 */
export const rootHttpRouterWithEdgeRules = rootHttpRouterServiceFactory({
  configure({ app, server, middleware, config, applyDefaults }) {
    // applyDefaults installs whatever middleware.rateLimit() returns at this point
    const rateLimit = middleware.rateLimit();
    middleware.rateLimit = () => (req, res, next) =>
      isDirectLoopbackRequest(req) ? next() : rateLimit(req, res, next);

    const portalOrigin = new URL(config.getString('app.baseUrl')).origin;
    app.use(gateWebSocketUpgrades(server, new Set([portalOrigin])));
    app.use(plainErrorResponses());
    applyDefaults();
  },
});
