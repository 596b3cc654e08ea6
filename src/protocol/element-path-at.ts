// Comments, CDATA sections and processing instructions are skipped whole; a tag's
// attribute values may hold `>` inside quotes.
const MARKUP = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)([^\s/>!?]+)(?:"[^"]*"|'[^']*'|[^'">])*?(\/?)>/g;

/**
 * The elements open at `index` of an XML document, outermost first, by local name
 * (`['Envelope', 'Body', 'Login', 'userName']`). It reads tags only, so it also
 * works on a document that the parser would refuse: it serves to say in a message
 * where in a document something was found, never to decide anything.
 */
export function elementPathAt(xml: string, index: number): string[] {
  const open: string[] = [];
  for (const match of xml.slice(0, index).matchAll(MARKUP)) {
    const [, closing, name, selfClosing] = match;
    if (name === undefined) continue;
    if (closing) open.pop();
    else if (!selfClosing) open.push(name.slice(name.indexOf(':') + 1));
  }
  return open;
}
