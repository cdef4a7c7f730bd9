/*
 * Pieces every route benchmark shares: timed GETs as a signed-in user,
 * rounds of concurrent clients, percentiles, and a backend's base URL.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

/**
 * Polling viewers wait longer than the server keeps idle connections (5 s),
 * so each of their requests opens its own connection, as a browser's would.
 */
const newConnectionAgent = new http.Agent({ keepAlive: false });

/**
 * GET as a signed-in user; resolves with the latency and the status.
 * `newConnection` for requests spaced further apart than keep-alive lasts.
 */
export function timedGet(
  url: string,
  options: { newConnection?: boolean } = {},
): Promise<{ ms: number; status: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    http
      .get(
        url,
        {
          agent: options.newConnection ? newConnectionAgent : agent,
          headers: { authorization: mockCredentials.user.header() },
        },
        res => {
          res.resume();
          res.on('end', () =>
            resolve({
              ms: Number(process.hrtime.bigint() - started) / 1e6,
              status: res.statusCode ?? 0,
            }),
          );
        },
      )
      .on('error', reject);
  });
}

/**
 * `clients` concurrent clients, each requesting every URL once in its own
 * order (so they do not all hit the same entity at once). Fails on any
 * status other than 200.
 */
export async function concurrentRound(
  clients: number,
  urls: string[],
): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; i < urls.length; i++) {
        const url = urls[(i + client) % urls.length];
        const { ms, status } = await timedGet(url);
        if (status !== 200) throw new Error(`${url}: status ${status}`);
        latencies.push(ms);
      }
    }),
  );
  return latencies;
}

/** `p50  p95` of the latencies, right-aligned, in ms. */
export function formatPercentiles(latencies: number[]): string {
  const fmt = (n: number) => n.toFixed(1).padStart(7);
  return `${fmt(percentile(latencies, 50))}  ${fmt(percentile(latencies, 95))}`;
}

export function baseUrlOf(backend: { server: http.Server }): string {
  return `http://127.0.0.1:${
    (backend.server.address() as { port: number }).port
  }`;
}

/** Closes the keep-alive sockets so the process can exit. */
export function closeConnections(): void {
  agent.destroy();
  newConnectionAgent.destroy();
}
