import type { FieldValue } from '../../protocol/index.js';
import type { LocalRecord } from '../../store/index.js';
import { bodyExcerpt } from './body-excerpt.js';
import type { ActivityRole } from './mail-object-roles.js';
import { referenceId } from './reference-id.js';

/** The Activity Subject's length in the demo package, used when the package gives none. */
export const DEFAULT_SUBJECT_MAX_LENGTH = 200;

/** What an e-mail activity records of a message. */
export interface TrackedMessage {
  readonly subject: string;
  /** Epoch ms. */
  readonly receivedAt: number;
  /** The message body as plain text ('' when it could not be read). */
  readonly body: string;
}

export interface EmailActivityInput {
  readonly message: TrackedMessage;
  /** Which fields of the package's activity get what. */
  readonly role: ActivityRole;
  readonly contact: Pick<LocalRecord, 'rowId' | 'localId'>;
  readonly account?: Pick<LocalRecord, 'rowId' | 'localId'> | null;
  readonly opportunity?: Pick<LocalRecord, 'rowId' | 'localId'> | null;
}

/** A message without a subject still needs one: Subject is required. */
export const NO_SUBJECT = '(no subject)';

/**
 * The fields of the activity that tracks a message: a finished e-mail at the time it
 * arrived, linked to the contact, the contact's account and (optionally) an
 * opportunity by the ids references hold (ROW_ID, or `L-…` before upload). Field names
 * and the "E-mail" / "Done" values are the package's (the role); a field the package's
 * activity lacks is left out.
 */
export function emailActivityFields(input: EmailActivityInput): Record<string, FieldValue> {
  const { role } = input;
  const subjectMaxLength = role.object.fields.find((f) => f.name === role.subject)?.maxLength ?? DEFAULT_SUBJECT_MAX_LENGTH;
  const fields: Record<string, FieldValue> = {};
  if (role.type !== null && role.emailType !== null) fields[role.type] = role.emailType;
  fields[role.subject] = emailActivitySubject(input.message.subject, subjectMaxLength);
  if (role.start !== null) fields[role.start] = emailActivityStart(input.message.receivedAt);
  if (role.status !== null && role.doneStatus !== null) fields[role.status] = role.doneStatus;
  if (role.contact !== null) fields[role.contact] = referenceId(input.contact);
  if (input.account && role.account !== null) fields[role.account] = referenceId(input.account);
  if (input.opportunity && role.opportunity !== null) fields[role.opportunity] = referenceId(input.opportunity);
  const description = bodyExcerpt(input.message.body);
  if (description !== '' && role.description !== null) fields[role.description] = description;
  return fields;
}

/** The Subject: the message's, blanks trimmed, cut to `maxLength` UTF-16 units without splitting a character. */
export function emailActivitySubject(subject: string, maxLength: number = DEFAULT_SUBJECT_MAX_LENGTH): string {
  const text = subject.replace(/\s+/g, ' ').trim() || NO_SUBJECT;
  if (text.length <= maxLength) return text;
  let end = Math.max(0, maxLength);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end).trimEnd();
}

/** The Start: the time the message arrived, as stored (UTC ISO with milliseconds and Z). */
export function emailActivityStart(receivedAt: number): string {
  return new Date(receivedAt).toISOString();
}
