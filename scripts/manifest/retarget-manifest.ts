import { manifestOrigin } from './manifest-origin.js';
import { parseGatewayOrigin } from './parse-gateway-origin.js';

/**
 * The manifest with every URL of its gateway origin (the one its ItemRead
 * SourceLocation names: SourceLocation, icons, SupportUrl, the resources' Urls,
 * AppDomain, …) moved to `origin`; everything else stays byte for byte. Done on the
 * text rather than on a parsed tree so comments and layout survive. Throws when
 * `origin` is not an https origin or the manifest does not say which origin it uses.
 */
export function retargetManifest(xml: string, origin: string): string {
  const target = parseGatewayOrigin(origin);
  if (!target.ok) throw new Error(target.reason);
  const from = manifestOrigin(xml);
  if (from === undefined) throw new Error('the manifest has no ItemRead SourceLocation with an https URL: its gateway origin is unknown');
  // Not followed by more host or port: https://localhost:3000 must not rewrite the
  // start of https://localhost:30001 or https://localhost:3000.example.com.
  const pattern = new RegExp(`${escapeRegExp(from)}(?![\\w.:-])`, 'gi');
  const retargeted = xml.replace(pattern, target.origin);
  // E.g. an explicit default port (https://host:443/…) that the pattern did not match.
  const result = manifestOrigin(retargeted);
  if (result !== target.origin) throw new Error(`the ItemRead SourceLocation still points at ${result}, not ${target.origin}`);
  return retargeted;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
