import { h, replaceChildren } from '../dom/h.js';
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
 * to regions already in the page, so the (visually hidden) live regions are created
 * up front and the visible bar itself carries no role (no double announcement).
 * Errors are assertive, everything else polite.
 */
export function createNotice(): Notice {
  const visible = h('div', {});
  const polite = h('div', { className: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const assertive = h('div', { className: 'visually-hidden', 'aria-live': 'assertive', 'aria-atomic': 'true' });
  const element = h('div', { className: 'issues-notice' }, visible, polite, assertive);
  const speak = (text: NoticeText) => {
    const region = text.kind === 'error' ? assertive : polite;
    replaceChildren(polite);
    replaceChildren(assertive);
    // A fresh text node in the next task, so repeating the same words is spoken again.
    setTimeout(() => replaceChildren(region, text.next ? `${text.title} ${text.next}` : text.title), 50);
  };
  return {
    element,
    show(text) {
      const bar = messageBar(text.kind, text.title, text.next);
      bar.removeAttribute('role');
      replaceChildren(visible, bar);
      speak(text);
    },
    announce(text) {
      replaceChildren(visible);
      speak(text);
    },
    clear() {
      replaceChildren(visible);
      replaceChildren(polite);
      replaceChildren(assertive);
    },
  };
}
