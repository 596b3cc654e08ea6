/** What a message's signature says of its sender; null where it says nothing (or nothing Fieldbook recognised). */
export interface SignatureDetails {
  readonly name: string | null;
  readonly jobTitle: string | null;
  readonly company: string | null;
  readonly phone: string | null;
}

const NOTHING: SignatureDetails = { name: null, jobTitle: null, company: null, phone: null };

/** A sign-off line: the signature block starts after it. */
const CLOSING =
  /^(?:(?:best|kind|warm|many|with)\s+)?(?:regards|wishes|thanks)[\s,.!]*$|^(?:thanks|thank you|cheers|sincerely|yours|best|all the best|greetings|cordialement|mit freundlichen grüßen|viele grüße|saludos)[\s,.!]*$|^-- ?$/i;
/** Where the quoted earlier message starts: nothing below is the sender's own signature. */
const QUOTE = /^(?:>|-{2,}\s*original message|on .+ wrote:$|from:\s)/i;
/** A phone number, with or without a label ("Tel: +44 20 7946 0958", "M +1 (555) 010-0199"). */
const PHONE =
  /^(?:(?:phone|tel(?:ephone)?|mobile|mob|cell|direct|office|work|[tmpd])\.?\s*[:.]?\s*)?(\+?[\d(][\d\s()./-]{5,}\d)(?:\s*(?:ext\.?|x)\s*\d+)?$/i;
const LINK = /@|https?:\/\/|www\./i;
/** Most signatures are a few lines; more is a disclaimer or a quoted message. */
const MAX_LINES = 6;

/**
 * Reads the sender's name, job title, company and phone from the signature of a
 * plain-text body, to prefill a new contact or lead (the rep checks them before
 * saving). The signature is the block after the last sign-off ("Best regards",
 * "Thanks", "--") above any quoted earlier message, else the block starting at a line
 * that is the sender's name. Its first line is the name when it looks like one;
 * "Head of Purchasing, New Prospect Ltd." (or " | ", " at ") gives title and company;
 * a title alone on its line is followed by the company on the next.
 */
export function parseSignature(body: string, senderName = ''): SignatureDetails {
  const all = body.split(/\r\n|\r|\n/).map((line) => line.replace(/\s+/g, ' ').trim());
  const quoteAt = all.findIndex((line) => QUOTE.test(line));
  const own = quoteAt === -1 ? all : all.slice(0, quoteAt);
  let start = -1;
  for (let i = own.length - 1; i >= 0; i -= 1) {
    if (CLOSING.test(own[i] ?? '')) {
      start = i + 1;
      break;
    }
  }
  const sender = senderName.trim().toLocaleLowerCase();
  if (start === -1 && sender !== '') start = own.findIndex((line) => line.toLocaleLowerCase() === sender);
  if (start === -1) return NOTHING;

  const lines = own
    .slice(start)
    .filter((line) => line !== '')
    .slice(0, MAX_LINES);
  let name: string | null = null;
  let phone: string | null = null;
  const rest: string[] = [];
  for (const [index, line] of lines.entries()) {
    const number = PHONE.exec(line);
    if (number && digits(number[1] ?? '') >= 7) {
      phone ??= (number[1] ?? '').trim();
    } else if (index === 0 && (looksLikeName(line) || (sender !== '' && line.toLocaleLowerCase() === sender))) {
      name = line;
    } else if (!LINK.test(line)) {
      rest.push(line);
    }
  }

  let jobTitle: string | null = null;
  let company: string | null = null;
  const [first, second] = rest;
  if (first !== undefined) {
    const split = /^(.+?)(?:\s*,\s*|\s+\|\s+|\s+at\s+)(.+)$/.exec(first);
    if (split) {
      jobTitle = (split[1] ?? '').trim() || null;
      company = (split[2] ?? '').trim() || null;
    } else {
      jobTitle = first;
      company = second ?? null;
    }
  }
  return { name, jobTitle, company, phone };
}

function digits(text: string): number {
  return text.replace(/\D/g, '').length;
}

/** Two to four capitalised words of letters (hyphens and apostrophes too): "Jordan Avery", "Anna-Lena O'Neil". */
function looksLikeName(line: string): boolean {
  const words = line.split(' ');
  return words.length >= 2 && words.length <= 4 && words.every((w) => /^\p{Lu}[\p{L}'’.-]*$/u.test(w));
}
