// What may come before the root element once DTDs are refused: a byte order mark,
// the XML declaration, processing instructions, comments and white space.
const PROLOG = /^\uFEFF?(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/;
const START_TAG_NAME = /<([^\s/>]+)/y;
const ATTRIBUTE = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

/**
 * The namespace name of a well-formed document's root element: the `xmlns:p`
 * declaration of its prefix, or the default `xmlns` when it has none; `null` when
 * none is declared. The root has no ancestors, so its own attributes are the only
 * place the declaration can be. The SOAP parser drops prefixes and namespace
 * declarations (`removeNSPrefix`), so the envelope's version is read here from
 * the raw text.
 */
export function rootElementNamespace(xml: string): string | null {
  const prolog = PROLOG.exec(xml);
  START_TAG_NAME.lastIndex = prolog ? prolog[0].length : 0;
  const tag = START_TAG_NAME.exec(xml);
  if (!tag) return null;
  const name = tag[1] as string;
  const colon = name.indexOf(':');
  const wanted = colon === -1 ? 'xmlns' : `xmlns:${name.slice(0, colon)}`;
  ATTRIBUTE.lastIndex = START_TAG_NAME.lastIndex;
  for (let attribute = ATTRIBUTE.exec(xml); attribute; attribute = ATTRIBUTE.exec(xml)) {
    if (attribute[1] === wanted) return attribute[2] ?? attribute[3] ?? '';
  }
  return null;
}
