/** How much of a message body an e-mail activity keeps as its description. */
export const BODY_EXCERPT_LENGTH = 500;

/**
 * The start of a message body for an activity's description: all runs of white
 * space (line breaks, tabs, non-breaking spaces) become one space, and a body
 * longer than `maxLength` characters is cut there and ends with '…'. A cut never
 * splits a character made of two UTF-16 units (an emoji).
 */
export function bodyExcerpt(body: string, maxLength: number = BODY_EXCERPT_LENGTH): string {
  const collapsed = body.replace(/\s+/g, ' ').trim();
  const characters = Array.from(collapsed);
  if (characters.length <= maxLength) return collapsed;
  return `${characters.slice(0, maxLength).join('').trimEnd()}…`;
}
