import http from 'node:http';
import { listenOnLoopback } from '@internal/backstage-plugin-eks-node/testUtils';

export interface FaultProxy {
  url: string;
  /** Paths of every request that reached the proxy. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of moto that answers requests whose path matches
 * `throttle` like AWS does when throttling (429 ThrottlingException) and
 * forwards the rest. It also counts AWS calls.
 */
export async function startFaultProxy(options: {
  target: string;
  throttle?: RegExp;
}): Promise<FaultProxy> {
  const requests: string[] = [];
  const target = new URL(options.target);
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (options.throttle?.test(req.url ?? '')) {
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
