import { ProtocolError } from '../../protocol/index.js';
import { describeError } from '../services/describe-error.js';
import { messageBar } from '../dom/message-bar.js';

/** Focus moved to nothing (the focused element of the previous view is gone): give it to `element`. */
export function focusIfLost(element: HTMLElement): void {
  const current = document.activeElement;
  if (current === null || current === document.body || !current.isConnected) element.focus();
}

/** A failure of the records views in the rep's words, as a message bar. */
export function errorBar(error: unknown, fallbackTitle: string): HTMLElement {
  if (error instanceof ProtocolError) {
    const words = describeError(error, 'edit');
    return messageBar('error', words.title, words.next);
  }
  return messageBar('error', fallbackTitle, error instanceof Error ? error.message : String(error));
}
