import type { Reachability } from './reachability-transport.js';

/** What the pane shows as its connection: online, offline (the browser says so), or the gateway did not answer. */
export type ConnectionState = 'online' | 'offline' | 'gatewayUnreachable';

/**
 * The browser's signal first (offline is offline); online means the gateway
 * answered the last call, or no call was made since the network came back.
 */
export function connectionState(browserOnline: boolean, gateway: Reachability): ConnectionState {
  if (!browserOnline) return 'offline';
  return gateway === 'unreachable' ? 'gatewayUnreachable' : 'online';
}
