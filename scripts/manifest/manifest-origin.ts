import { parseManifest, readFormSource } from './manifest-element.js';

/**
 * The gateway origin a manifest points at, taken from the page Outlook opens (the
 * ItemRead SourceLocation): every other URL of the manifest must share it. Undefined
 * when the manifest cannot be parsed or that URL is missing, not a URL, or not https.
 */
export function manifestOrigin(xml: string): string | undefined {
  let source: string | undefined;
  try {
    source = readFormSource(parseManifest(xml));
  } catch {
    return undefined;
  }
  if (source === undefined || !URL.canParse(source)) return undefined;
  const url = new URL(source);
  return url.protocol === 'https:' ? url.origin : undefined;
}
