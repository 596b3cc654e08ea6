import { BehaviorSubject } from 'rxjs';
import type { MailHost, MailMessage } from './mail-host.js';

/**
 * Outlook's selected message through Office.js. A pinned pane stays open while the
 * rep moves between messages: ItemChanged tells us to read the new item.
 */
export function officeMailHost(): MailHost {
  const selected = new BehaviorSubject<MailMessage | null>(readSelected());
  const mailbox = Office.context.mailbox;
  if (mailbox && typeof mailbox.addHandlerAsync === 'function') {
    mailbox.addHandlerAsync(Office.EventType.ItemChanged, () => selected.next(readSelected()));
  }
  return { kind: 'outlook', selected$: selected.asObservable() };
}

function readSelected(): MailMessage | null {
  const item = Office.context.mailbox?.item;
  // itemType is typed `ItemType | string`: compare as text.
  if (!item || String(item.itemType) !== String(Office.MailboxEnums.ItemType.Message)) return null;
  const message = item as Office.MessageRead;
  return {
    id: message.itemId ?? `${message.subject}|${message.dateTimeCreated.toISOString()}`,
    subject: message.subject ?? '',
    from: { name: message.from?.displayName ?? '', email: message.from?.emailAddress ?? '' },
    receivedAt: message.dateTimeCreated.getTime(),
    bodyText: () =>
      new Promise((resolve, reject) => {
        message.body.getAsync(Office.CoercionType.Text, (result) => {
          if (result.status === Office.AsyncResultStatus.Succeeded) resolve(result.value);
          else reject(new Error(result.error.message));
        });
      }),
  };
}
