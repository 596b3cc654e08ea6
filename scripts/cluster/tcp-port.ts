import { connect, createServer } from 'node:net';

/**
 * Whether nothing listens on `port` of `host` yet: checked for every gateway's port
 * before any starts, so that a port taken by something else is refused by name instead
 * of being mistaken for a gateway that came up.
 */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Resolves once a TCP connection to `host:port` succeeds, rejects after `timeoutMs`
 * or as soon as `gaveUp()` says the server will never come (its process ended). A TCP
 * probe rather than an HTTP request: it works the same for HTTP and for HTTPS with a
 * certificate this process does not trust.
 */
export async function waitForPort(host: string, port: number, timeoutMs: number, gaveUp: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gaveUp()) throw new Error('its process ended before it listened');
    if (await accepts(host, port)) return;
    if (Date.now() > deadline) throw new Error(`nothing listened on port ${port} within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
