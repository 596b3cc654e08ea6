import { h, replaceChildren } from './h.js';

export interface Announcer {
  /** A visually hidden polite live region; put it in the page once, before anything is said. */
  readonly element: HTMLElement;
  /** Speaks words the page does not show (a confirmation whose visible form is a state, not a sentence). */
  say(text: string): void;
  clear(): void;
}

/** Long enough for a screen reader to have taken the words; after it the words leave the page. */
const SPOKEN_FOR_MS = 5_000;

/**
 * Live regions only speak changes to regions already in the page, hence one made up
 * front. The words are set a moment after clearing, so repeating them is spoken again,
 * and removed once spoken (removals are not read: aria-relevant defaults to additions
 * and text), so a reader walking the page, or anything looking the words up, does not
 * meet a hidden second copy of a confirmation long after it was said.
 */
export function createAnnouncer(): Announcer {
  const element = h('div', { className: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clear = () => {
    clearTimeout(timer);
    replaceChildren(element);
  };
  return {
    element,
    say(text) {
      clear();
      timer = setTimeout(() => {
        replaceChildren(element, text);
        timer = setTimeout(() => replaceChildren(element), SPOKEN_FOR_MS);
      }, 50);
    },
    clear,
  };
}
