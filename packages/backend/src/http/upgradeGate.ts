import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpRouterService } from '@backstage/backend-plugin-api';
import { tokenTypes } from '@backstage/plugin-auth-node';

/** Express's request handler, as Backstage's routers take it. */
type RequestHandler = Parameters<HttpRouterService['use']>[0];

type Refusal = {
  statusCode: 401 | 403;
  name: 'AuthenticationError' | 'NotAllowedError';
  message: string;
};

/** The JSON part of a JWT segment, or undefined when it is not one. */
function decodeSegment(segment: string | undefined): Record<string, unknown> {
  try {
    const decoded = JSON.parse(
      Buffer.from(segment ?? '', 'base64url').toString(),
    );
    return decoded && typeof decoded === 'object' ? decoded : {};
  } catch {
    return {};
  }
}

/**
 * Whether a token is shaped as a Backstage user token. Not a verification: the signals plugin
 * verifies the token itself (and answers 401 when it fails), but accepts a missing token or a
 * service token as the anonymous "guest" — what this check refuses.
 */
function isUserTokenShaped(token: string): boolean {
  const [header, payload] = token.split('.');
  const { typ } = decodeSegment(header);
  const { sub } = decodeSegment(payload);
  return (
    typ === tokenTypes.user.typParam &&
    typeof sub === 'string' &&
    sub.startsWith('user:')
  );
}

/**
 * Websocket upgrades (today only the signals plugin's) come from the portal's pages, signed in:
 * the browser sends the page's Origin and the user's token as the subprotocol.
 */
function refusalOf(
  req: IncomingMessage,
  allowedOrigins: ReadonlySet<string>,
): Refusal | undefined {
  const origin = req.headers.origin;
  if (!origin || !allowedOrigins.has(origin)) {
    return {
      statusCode: 403,
      name: 'NotAllowedError',
      message: `WebSocket connections are accepted only from the portal's pages (${[
        ...allowedOrigins,
      ].join(', ')})`,
    };
  }
  const token = req.headers['sec-websocket-protocol']?.split(',')[0]?.trim();
  if (!token || !isUserTokenShaped(token)) {
    return {
      statusCode: 401,
      name: 'AuthenticationError',
      message: 'WebSocket connections need a signed-in user',
    };
  }
  return undefined;
}

const statusText = { 401: 'Unauthorized', 403: 'Forbidden' } as const;

/** Backstage's error body shape, so clients read the reason as from any other route. */
function errorBody(
  req: IncomingMessage,
  { statusCode, name, message }: Refusal,
) {
  return {
    error: { name, message },
    request: { method: req.method, url: req.url },
    response: { statusCode },
  };
}

function refuseOnSocket(
  socket: Duplex,
  req: IncomingMessage,
  refusal: Refusal,
) {
  const { statusCode } = refusal;
  const body = JSON.stringify(errorBody(req, refusal));
  const head = [
    `HTTP/1.1 ${statusCode} ${statusText[statusCode]}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

/**
 * Refuses websocket upgrades from other origins or without a user token, before any plugin
 * sees them. Node hands an upgrade request to the server's `upgrade` listeners when there are
 * any (the signals plugin subscribes after its first upgrade request), and otherwise to Express
 * as an ordinary request: the gate covers both paths.
 */
export function gateWebSocketUpgrades(
  server: Server,
  allowedOrigins: ReadonlySet<string>,
): RequestHandler {
  const emit = server.emit.bind(server);
  server.emit = ((event: string, ...args: unknown[]) => {
    if (event === 'upgrade') {
      const [req, socket] = args as [IncomingMessage, Duplex];
      const refusal = refusalOf(req, allowedOrigins);
      if (refusal) {
        refuseOnSocket(socket, req, refusal);
        return true;
      }
    }
    return emit(event, ...args);
  }) as Server['emit'];

  return (req, res, next) => {
    if (req.headers.upgrade === undefined) {
      next();
      return;
    }
    const refusal = refusalOf(req, allowedOrigins);
    if (refusal) {
      res.status(refusal.statusCode).json(errorBody(req, refusal));
      return;
    }
    next();
  };
}
