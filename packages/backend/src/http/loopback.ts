import { BlockList, isIPv6 } from 'node:net';
import type { IncomingMessage } from 'node:http';

const loopbackAddresses = new BlockList();
loopbackAddresses.addSubnet('127.0.0.0', 8, 'ipv4');
loopbackAddresses.addAddress('::1', 'ipv6');

/** 127.0.0.0/8 and ::1, in any spelling (an IPv4 client of a dual-stack listener is `::ffff:127.0.0.1`). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return loopbackAddresses.check(address, isIPv6(address) ? 'ipv6' : 'ipv4');
}

/** Headers a proxy adds: a request carrying one speaks for someone else. */
const forwardingHeaders = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/**
 * A connection from this machine that does not claim to be forwarded: the backend's own
 * service-to-service calls, and on the embedded default the local browser. Only the TCP peer
 * counts, never X-Forwarded-For (which the client writes), so `backend.trustProxy` cannot
 * make a remote client look local, and a reverse proxy on loopback does not make everyone local.
 */
export function isDirectLoopbackRequest(req: IncomingMessage): boolean {
  return (
    isLoopbackAddress(req.socket.remoteAddress) &&
    forwardingHeaders.every(name => req.headers[name] === undefined)
  );
}

const loopbackHost = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/** The Host header names this machine (localhost, 127.0.0.1 or [::1], any port), so no DNS rebinding. */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && loopbackHost.test(host);
}
