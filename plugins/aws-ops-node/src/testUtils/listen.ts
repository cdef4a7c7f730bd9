import http from 'node:http';
import { once } from 'node:events';
import net from 'node:net';

/** Starts `server` on a free loopback port; `close` also drops keep-alive connections. */
export async function listenOnLoopback(
  server: http.Server,
): Promise<{ url: string; close(): Promise<void> }> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
