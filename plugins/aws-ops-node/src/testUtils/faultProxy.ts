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
  /** Changes which requests are throttled from now on (none with `undefined`). */
  setThrottle(throttle: RegExp | undefined): void;
  /** The most requests matching `pattern` that were in flight at once. */
  maxConcurrent(pattern: RegExp): number;
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
  let throttle = options.throttle;
  const inFlight = new Set<string>();
  const peaks: string[][] = [];
  let nextId = 0;
  const target = new URL(options.target);
  const server = http.createServer((req, res) => {
    const description = `${req.method} ${req.url ?? ''} target=${
      req.headers['x-amz-target'] ?? ''
    } region=${signingRegion(req)}`;
    requests.push(description);
    const id = `${nextId++} ${description}`;
    inFlight.add(id);
    peaks.push([...inFlight]);
    res.on('close', () => inFlight.delete(id));
    if (options.unreachable?.test(description)) {
      req.socket.destroy();
      return;
    }
    if (throttle?.test(description)) {
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
  return {
    ...(await listenOnLoopback(server)),
    requests,
    setThrottle: next => {
      throttle = next;
    },
    maxConcurrent: pattern =>
      Math.max(0, ...peaks.map(p => p.filter(d => pattern.test(d)).length)),
  };
}
