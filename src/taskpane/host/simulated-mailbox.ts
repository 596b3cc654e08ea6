import { BehaviorSubject, map } from 'rxjs';
import type { MailHost, MailMessage } from './mail-host.js';

/** A message of the simulator: plain data, so the inbox can be built from the rep's own contacts. */
export interface SimulatedMessage {
  readonly id: string;
  readonly subject: string;
  readonly from: { readonly name: string; readonly email: string };
  readonly receivedAt: number;
  readonly body: string;
}

/**
 * The plain browser's stand-in for Outlook: a small inbox the rep (or a test)
 * selects messages from. It implements MailHost exactly as the Office adapter
 * does, so the mail context view cannot tell them apart.
 */
export class SimulatedMailbox implements MailHost {
  readonly kind = 'browser' as const;
  private readonly inbox = new BehaviorSubject<readonly SimulatedMessage[]>([]);
  private readonly selectedId = new BehaviorSubject<string | null>(null);
  readonly messages$ = this.inbox.asObservable();
  readonly selectedId$ = this.selectedId.asObservable();
  readonly selected$ = this.selectedId.pipe(
    map((id) => {
      const message = this.inbox.value.find((m) => m.id === id);
      return message ? toMailMessage(message) : null;
    }),
  );

  setMessages(messages: readonly SimulatedMessage[]): void {
    this.inbox.next(messages);
    if (!messages.some((m) => m.id === this.selectedId.value)) this.selectedId.next(null);
  }

  select(id: string | null): void {
    this.selectedId.next(id);
  }
}

function toMailMessage(message: SimulatedMessage): MailMessage {
  return {
    id: message.id,
    subject: message.subject,
    from: message.from,
    receivedAt: message.receivedAt,
    bodyText: () => Promise.resolve(message.body),
  };
}
