import { ProtocolError } from '../protocol/index.js';

/**
 * The gateway URL as it identifies a CRM: scheme and host lower-case (URL does
 * that), default port dropped, no user info (never put a password in a database
 * name), no fragment, no trailing slash. `HTTPS://CRM.example.com/gw/` and
 * `https://crm.example.com/gw` are the same gateway, so the same local data.
 */
export function normalizeGatewayUrl(gatewayUrl: string): string {
  let url: URL;
  try {
    url = new URL(gatewayUrl.trim());
  } catch (cause) {
    throw new ProtocolError(
      'INVALID_REQUEST',
      `"${gatewayUrl}" is not a gateway address (expected e.g. https://crm.example.com)`,
      { gatewayUrl },
      { cause },
    );
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}${url.search}`;
}

/**
 * The IndexedDB database name of one (gateway URL, user) pair (docs/architecture.md,
 * Client data: one database per pair), e.g. `fieldbook|jsmith|https://crm.example.com`.
 * User names are case-sensitive at the gateway, so they are only trimmed. The user
 * and the tag are URI-encoded so they cannot contain the `|` separator, and the URL
 * comes last, which keeps the name unambiguous. `deviceTag` lets one process hold
 * the data of several simulated devices (tests, demos).
 */
export function localStoreName(gatewayUrl: string, userName: string, deviceTag?: string): string {
  if (userName.trim() === '') throw new ProtocolError('INVALID_REQUEST', 'A user name is needed to open the offline data');
  const prefix = deviceTag === undefined ? 'fieldbook' : `fieldbook@${encodeURIComponent(deviceTag)}`;
  return `${prefix}|${encodeURIComponent(userName.trim())}|${normalizeGatewayUrl(gatewayUrl)}`;
}
