import http from 'node:http';
import os from 'node:os';

/** The machine's first non-loopback IPv4 address: where a client on the network connects. */
export function networkAddress(): string {
  const address = Object.values(os.networkInterfaces())
    .flat()
    .find(entry => entry && entry.family === 'IPv4' && !entry.internal);
  if (!address) {
    throw new Error('This machine has no non-loopback IPv4 address');
  }
  return address.address;
}

/** A raw GET: the test chooses the address it connects to and every header, Host included. */
export function httpGet(
  url: string,
  options: http.RequestOptions = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, options, res => {
        let body = '';
        res.on('data', chunk => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject);
  });
}
