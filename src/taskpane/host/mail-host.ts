import type { Observable } from 'rxjs';

/** The message selected in the mail client, as the mail context view needs it. */
export interface MailMessage {
  readonly id: string;
  readonly subject: string;
  readonly from: { readonly name: string; readonly email: string };
  /** Epoch ms. */
  readonly receivedAt: number;
  bodyText(): Promise<string>;
}

/**
 * The host adapter: the only door to Office.js. Outlook supplies the selected
 * message; in a plain browser the built-in mailbox simulator does, through the same
 * interface, so demos and tests run the same mail-context code.
 */
export interface MailHost {
  readonly kind: 'outlook' | 'browser';
  /** The selected message; null when none is selected (or the item is not a message). */
  readonly selected$: Observable<MailMessage | null>;
}
