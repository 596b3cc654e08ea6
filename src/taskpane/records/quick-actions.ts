import type { FieldValue } from '../../protocol/index.js';
import type { LocalRecord } from '../../store/index.js';
import type { MailObjectRoles } from '../mail/mail-object-roles.js';
import { referenceId } from '../mail/reference-id.js';

/** A button of a record page that opens a new record's form, filled in for this record. */
export interface QuickAction {
  /** The button's words: "Log a call", "New contact". */
  readonly label: string;
  readonly objectType: string;
  readonly initial: Readonly<Record<string, FieldValue>>;
}

/**
 * The quick actions of an account's or a contact's page: log a call (a finished call
 * activity starting now), and a new contact (accounts only), opportunity and activity
 * linked to it; a contact's new records also get the contact's account. Field names
 * and the "Call" / "Done" values are the package's (the roles); an action whose
 * object type or reference the package lacks is left out, and other record types get
 * none. `now` is epoch ms; `title` names the record in the call's subject.
 */
export function quickActions(
  roles: MailObjectRoles,
  record: Pick<LocalRecord, 'objectType' | 'rowId' | 'localId' | 'fields'>,
  title: string,
  now: number,
): QuickAction[] {
  const { account, contact, opportunity, activity } = roles;
  const isAccount = account !== null && record.objectType === account.object.name;
  const isContact = contact !== null && record.objectType === contact.object.name;
  if (!isAccount && !isContact) return [];
  const self = referenceId(record);
  // A contact's account, as the contact holds it (a ROW_ID or an L- id).
  const accountOfContact = isContact && contact.account !== null ? record.fields[contact.account] : null;
  const accountRef = isAccount ? self : typeof accountOfContact === 'string' && accountOfContact !== '' ? accountOfContact : null;
  const contactRef = isContact ? self : null;

  const values = (pairs: readonly (readonly [string | null, FieldValue | null])[]): Record<string, FieldValue> => {
    const out: Record<string, FieldValue> = {};
    for (const [field, value] of pairs) if (field !== null && value !== null && value !== '') out[field] = value;
    return out;
  };
  const startNow = (): FieldValue | null => {
    const field = activity?.start ? activity.object.fields.find((f) => f.name === activity.start) : undefined;
    if (!field) return null;
    const iso = new Date(now).toISOString();
    return field.type === 'date' ? iso.slice(0, 10) : iso;
  };

  const actions: QuickAction[] = [];
  const activityLinks = (): (readonly [string | null, FieldValue | null])[] =>
    activity
      ? [
          [activity.account, accountRef],
          [activity.contact, contactRef],
          [activity.start, startNow()],
        ]
      : [];
  if (activity && (activity.account !== null || activity.contact !== null)) {
    actions.push({
      label: 'Log a call',
      objectType: activity.object.name,
      initial: values([
        ...activityLinks(),
        [activity.type, activity.callType],
        [activity.status, activity.doneStatus],
        [activity.subject, `Call with ${title}`],
      ]),
    });
  }
  if (isAccount && contact && contact.account !== null) {
    actions.push({ label: newLabel(contact.object.name), objectType: contact.object.name, initial: values([[contact.account, self]]) });
  }
  if (opportunity && (opportunity.account !== null || opportunity.primaryContact !== null)) {
    actions.push({
      label: newLabel(opportunity.object.name),
      objectType: opportunity.object.name,
      initial: values([
        [opportunity.account, accountRef],
        [opportunity.primaryContact, contactRef],
        [opportunity.stage, opportunity.firstStage],
      ]),
    });
  }
  if (activity && (activity.account !== null || activity.contact !== null)) {
    actions.push({ label: newLabel(activity.object.name), objectType: activity.object.name, initial: values(activityLinks()) });
  }
  return actions;
}

function newLabel(objectName: string): string {
  return `New ${objectName.toLocaleLowerCase()}`;
}
