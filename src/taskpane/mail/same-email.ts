/**
 * E-mail addresses as people type them: case and surrounding blanks do not make
 * another address (a `mailto:` prefix or angle brackets neither). Outlook reports
 * the sender as typed by the sender's server; the CRM holds what a rep typed.
 */
export function normalizeEmail(address: string): string {
  let text = address.trim();
  if (text.startsWith('<') && text.endsWith('>')) text = text.slice(1, -1).trim();
  if (/^mailto:/i.test(text)) text = text.slice('mailto:'.length).trim();
  return text.toLowerCase();
}

/** Whether two addresses are the same mailbox; an empty address matches nothing. */
export function sameEmail(a: string | null | undefined, b: string | null | undefined): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const left = normalizeEmail(a);
  return left !== '' && left === normalizeEmail(b);
}
