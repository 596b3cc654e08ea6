/** Reply and forward prefixes in the languages reps write in, and bracketed tags ("[External]"). */
const PREFIXES = /^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|tr|antw|rif|r)\s*(?:\[\d+\])?\s*:\s*|\[[^\]]*\]\s*)+/i;
/** Words that say nothing about which deal a message is about. */
const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'the',
  'of',
  'for',
  'to',
  'in',
  'on',
  'at',
  'by',
  'with',
  'about',
  'from',
  'our',
  'your',
  'my',
  'we',
  'you',
  'next',
  'steps',
  'step',
  'update',
  'question',
  'questions',
  'call',
  'meeting',
  'follow',
  'up',
  'de',
  'la',
  'le',
  'der',
  'die',
  'das',
  'und',
]);
/** At least this share of an opportunity's words must be in the subject. */
const MIN_SHARE = 0.5;

/** A subject without its "Re:"/"Fwd:" prefixes and "[tags]", blanks collapsed: the topic of the message. */
export function subjectTopic(subject: string): string {
  return subject.replace(PREFIXES, '').replace(/\s+/g, ' ').trim();
}

/**
 * The words of a subject or name, compared as a person would: case, accents and
 * punctuation ignored, "Re:"/"Fwd:" prefixes and "[tags]" dropped, and words that name
 * no deal ("next steps", "the") left out.
 */
export function subjectWords(text: string): Set<string> {
  const plain = text
    .replace(PREFIXES, '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLocaleLowerCase();
  return new Set(plain.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '' && !STOP_WORDS.has(w)));
}

/**
 * The open opportunity a message's subject is most likely about, to suggest when it is
 * tracked: the one with the largest share of its name's words in the subject (at least
 * half), more shared words breaking a tie. Null when none qualifies, or when two are
 * equally likely: a wrong suggestion is worse than none.
 */
export function matchOpportunity<T>(subject: string, opportunities: readonly T[], nameOf: (opportunity: T) => string): T | null {
  const wanted = subjectWords(subject);
  if (wanted.size === 0) return null;
  let best: { opportunity: T; share: number; shared: number } | null = null;
  let tied = false;
  for (const opportunity of opportunities) {
    const words = subjectWords(nameOf(opportunity));
    if (words.size === 0) continue;
    const shared = [...words].filter((w) => wanted.has(w)).length;
    const share = shared / words.size;
    if (shared === 0 || share < MIN_SHARE) continue;
    if (best === null || share > best.share || (share === best.share && shared > best.shared)) {
      best = { opportunity, share, shared };
      tied = false;
    } else if (share === best.share && shared === best.shared) {
      tied = true;
    }
  }
  return best === null || tied ? null : best.opportunity;
}
