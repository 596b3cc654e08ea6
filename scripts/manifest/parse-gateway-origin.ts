export type ParsedGatewayOrigin = { readonly ok: true; readonly origin: string } | { readonly ok: false; readonly reason: string };

const EXAMPLE = 'https://crm-gw.example.com';

// What a host may be after URL normalisation (lower case, IDN as punycode) and still
// go into the manifest's XML unescaped: DNS names, IPv4 and bracketed IPv6.
const SAFE_HOST = /^(?:[a-z0-9_.-]+|\[[0-9a-f:.]+\])$/;

/**
 * A gateway address given on the command line → its origin (`https://host[:port]`,
 * lower case, without a default port), or why it cannot be the origin of a manifest:
 * Outlook loads add-ins only over HTTPS, and the manifest adds the paths itself
 * (`/pane/…`), so anything beyond scheme, host and port is refused rather than
 * silently dropped.
 */
export function parseGatewayOrigin(text: string): ParsedGatewayOrigin {
  const input = text.trim();
  if (input === '') return { ok: false, reason: `no URL given (expected e.g. ${EXAMPLE})` };
  if (!URL.canParse(input) || !/^[a-z][a-z\d+.-]*:\/\//i.test(input)) {
    return { ok: false, reason: `"${input}" is not a URL (expected e.g. ${EXAMPLE})` };
  }
  const url = new URL(input);
  if (url.protocol !== 'https:') {
    return { ok: false, reason: `${input} is not https: Outlook loads add-ins only over HTTPS (e.g. ${EXAMPLE})` };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: `${input} has a user name or password` };
  if (url.pathname !== '/') {
    return {
      ok: false,
      reason: `${input} has a path (${url.pathname}): give the gateway's origin only, the manifest adds the /pane/ paths itself`,
    };
  }
  // The raw text too: URL drops an empty "?" or "#".
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(input)) {
    return { ok: false, reason: `${input} has a query or fragment: give the gateway's origin only (e.g. ${EXAMPLE})` };
  }
  if (!SAFE_HOST.test(url.hostname)) return { ok: false, reason: `${input}: the host "${url.hostname}" is not a host name or IP address` };
  return { ok: true, origin: url.origin };
}
