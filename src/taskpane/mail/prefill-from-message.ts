import type { FieldValue } from '../../protocol/index.js';
import { emailActivitySubject } from './email-activity-fields.js';
import type { OpportunityRole, PersonRole } from './mail-object-roles.js';
import { subjectTopic } from './match-opportunity.js';
import type { SignatureDetails } from './parse-signature.js';
import { splitDisplayName } from './split-display-name.js';

/** What a message tells of its sender. */
export interface SenderFacts {
  readonly from: { readonly name: string; readonly email: string };
  readonly signature: SignatureDetails;
}

/**
 * A new contact's or lead's starting values from a message, in the package's field
 * names: the name from the display name ("Avery, Jordan" too), else the signature's,
 * else the address; the address; phone, job title and company from the signature;
 * the account when one is given. Fields the package's type lacks are left out, and
 * so are empty values. A type with no first-name field gets the whole name in its
 * name field.
 */
export function personPrefill(role: PersonRole, sender: SenderFacts, accountRef: string | null = null): Record<string, FieldValue> {
  const display = splitDisplayName(sender.from.name);
  const name =
    display.lastName !== ''
      ? display
      : sender.signature.name
        ? splitDisplayName(sender.signature.name)
        : splitDisplayName(sender.from.name, sender.from.email);
  const values: Record<string, FieldValue> = {};
  const set = (field: string | null, value: string | null) => {
    const text = value?.trim() ?? '';
    if (field !== null && text !== '') values[field] = text;
  };
  if (role.firstName !== null) {
    set(role.firstName, name.firstName);
    set(role.lastName, name.lastName);
  } else {
    set(role.lastName, [name.firstName, name.lastName].filter((s) => s !== '').join(' '));
  }
  set(role.email, sender.from.email);
  set(role.phone, sender.signature.phone);
  set(role.jobTitle, sender.signature.jobTitle);
  set(role.company, sender.signature.company);
  set(role.account, accountRef);
  return values;
}

/**
 * A new opportunity's starting values from a message: named after the subject (its
 * "Re:"/"Fwd:" dropped, cut to the name field's length), at the package's first open
 * stage, for the sender's account with the sender as its primary contact.
 */
export function opportunityPrefill(
  role: OpportunityRole,
  input: { readonly subject: string; readonly accountRef: string | null; readonly contactRef: string | null },
): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  const maxLength = role.object.fields.find((f) => f.name === role.name)?.maxLength;
  const topic = subjectTopic(input.subject);
  if (topic !== '') values[role.name] = maxLength === undefined ? topic : emailActivitySubject(topic, maxLength);
  if (role.stage !== null && role.firstStage !== null) values[role.stage] = role.firstStage;
  if (role.account !== null && input.accountRef) values[role.account] = input.accountRef;
  if (role.primaryContact !== null && input.contactRef) values[role.primaryContact] = input.contactRef;
  return values;
}
