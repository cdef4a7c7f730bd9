import http from 'node:http';
import { listenOnLoopback } from './listen';

export interface FaultProxy {
  url: string;
  /**
   * One line per request that reached the proxy:
   * `<method> <path> target=<x-amz-target> region=<signing region>`, so tests
   * can count calls of one API (JSON protocols put it in a header) per region.
   */
  requests: string[];
  close(): Promise<void>;
}

/** Region of the SigV4 credential scope in the authorization header. */
function signingRegion(req: http.IncomingMessage): string {
  return (
    /Credential=[^/]+\/\d{8}\/([\w-]+)\//.exec(
      req.headers.authorization ?? '',
    )?.[1] ?? ''
  );
}

/**
 * An HTTP proxy in front of moto that answers requests whose description
 * (see `requests`) matches `throttle` like AWS does when throttling (429
 * ThrottlingException), drops the connection of those matching `unreachable`
 * (like an endpoint that cannot be reached) and forwards the rest. It also
 * counts AWS calls.
 */
export async function startFaultProxy(options: {
  target: string;
  throttle?: RegExp;
  unreachable?: RegExp;
}): Promise<FaultProxy> {
  const requests: string[] = [];
  const target = new URL(options.target);
  const server = http.createServer((req, res) => {
    const description = `${req.method} ${req.url ?? ''} target=${
      req.headers['x-amz-target'] ?? ''
    } region=${signingRegion(req)}`;
    requests.push(description);
    if (options.unreachable?.test(description)) {
      req.socket.destroy();
      return;
    }
    if (options.throttle?.test(description)) {
      req.resume();
      res.writeHead(429, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'ThrottlingException',
      });
      res.end(JSON.stringify({ message: 'Rate exceeded' }));
      return;
    }
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      upstreamRes => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return { ...(await listenOnLoopback(server)), requests };
}
