import { h, replaceChildren } from '../dom/h.js';
import { createAnnouncer } from '../dom/announcer.js';
import { messageBar } from '../dom/message-bar.js';

export type NoticeKind = 'error' | 'warning' | 'success' | 'info';

export interface NoticeText {
  readonly kind: NoticeKind;
  readonly title: string;
  readonly next?: string;
}

export interface Notice {
  readonly element: HTMLElement;
  show(text: NoticeText): void;
  /** Speaks the text without showing it: for a confirmation the page already shows in its own words. */
  announce(text: NoticeText): void;
  clear(): void;
}

/**
 * A message bar whose text is announced reliably: live regions only speak changes
 * to regions already in the page, so the regions are created up front and the bar is
 * put inside one of them (errors assertive, everything else polite). The bar itself
 * carries no role, and its words are in the page once: a hidden copy for screen
 * readers beside the visible bar would be read twice by a reader that walks the page
 * (and found twice by anything that looks the words up).
 */
export function createNotice(): Notice {
  const region = (politeness: 'polite' | 'assertive') => h('div', { 'aria-live': politeness, 'aria-atomic': 'true' });
  const polite = region('polite');
  const assertive = region('assertive');
  const spoken = createAnnouncer();
  const element = h('div', { className: 'issues-notice' }, polite, assertive, spoken.element);
  const clear = () => {
    replaceChildren(polite);
    replaceChildren(assertive);
    spoken.clear();
  };
  return {
    element,
    show(text) {
      const bar = messageBar(text.kind, text.title, text.next);
      bar.removeAttribute('role');
      clear();
      // A new bar element each time: repeating the same words is an addition, spoken again.
      replaceChildren(text.kind === 'error' ? assertive : polite, bar);
    },
    announce(text) {
      clear();
      spoken.say(text.next ? `${text.title} ${text.next}` : text.title);
    },
    clear,
  };
}
