import { firstValueFrom } from 'rxjs';
import { officeMailHost } from '../../src/taskpane/host/office-mail-host.js';

/**
 * The Office adapter against a stand-in of the Office.js surface it uses (the
 * real Outlook cannot run here): what it reads from the selected item, how it
 * follows ItemChanged, and that it asks for the body as text.
 */
function installOffice(item: unknown) {
  let onItemChanged: (() => void) | null = null;
  const office = {
    EventType: { ItemChanged: 'olkItemSelectedChanged' },
    MailboxEnums: { ItemType: { Message: 'message', Appointment: 'appointment' } },
    CoercionType: { Text: 'text', Html: 'html' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    context: {
      mailbox: {
        item,
        addHandlerAsync(event: string, handler: () => void) {
          if (event === 'olkItemSelectedChanged') onItemChanged = handler;
        },
      },
    },
  };
  (globalThis as { Office?: unknown }).Office = office;
  return {
    select(next: unknown) {
      office.context.mailbox.item = next;
      onItemChanged?.();
    },
  };
}

function message(subject: string, body: string, coercions: string[]) {
  return {
    itemType: 'message',
    itemId: `id-${subject}`,
    subject,
    from: { displayName: 'Paolo Almeida', emailAddress: 'paolo.almeida@titan-foods.ca' },
    dateTimeCreated: new Date('2026-11-20T08:30:00Z'),
    body: {
      getAsync(coercion: string, callback: (result: { status: string; value: string }) => void) {
        coercions.push(coercion);
        callback({ status: 'succeeded', value: body });
      },
    },
  };
}

afterEach(() => {
  delete (globalThis as { Office?: unknown }).Office;
});

describe('officeMailHost', () => {
  it('reads the selected message: id, subject, sender, time, and the body as text', async () => {
    const coercions: string[] = [];
    installOffice(message('Pricing', 'Hello there', coercions));
    const host = officeMailHost();
    expect(host.kind).toBe('outlook');
    const selected = await firstValueFrom(host.selected$);
    expect(selected).toMatchObject({
      id: 'id-Pricing',
      subject: 'Pricing',
      from: { name: 'Paolo Almeida', email: 'paolo.almeida@titan-foods.ca' },
      receivedAt: Date.parse('2026-11-20T08:30:00Z'),
    });
    await expect(selected?.bodyText()).resolves.toBe('Hello there');
    expect(coercions).toEqual(['text']);
  });

  it('follows the selection of a pinned pane (ItemChanged), and is empty for no item or a meeting', async () => {
    const office = installOffice(null);
    const host = officeMailHost();
    const seen: (string | null)[] = [];
    const sub = host.selected$.subscribe((m) => seen.push(m ? m.subject : null));
    office.select(message('Second', '', []));
    office.select({ itemType: 'appointment', subject: 'Meeting' });
    sub.unsubscribe();
    expect(seen).toEqual([null, 'Second', null]);
  });
});
