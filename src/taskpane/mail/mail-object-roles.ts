import type { FieldDefinition, ObjectDefinition } from '../../metadata/index.js';

/** A person the pane can create from a message: a contact, or a lead. Field names are the package's; null: the type has none. */
export interface PersonRole {
  readonly object: ObjectDefinition;
  /** The e-mail address (kind `email`, else a text field named like one). */
  readonly email: string | null;
  readonly firstName: string | null;
  /** The last name, else the object's title field when it holds the whole name. */
  readonly lastName: string | null;
  readonly phone: string | null;
  readonly jobTitle: string | null;
  /** The reference to the account role's object. */
  readonly account: string | null;
  /** The company as text (a lead's). */
  readonly company: string | null;
}

export interface AccountRole {
  readonly object: ObjectDefinition;
  /** The field that names an account (its title field). */
  readonly name: string;
  /** A second field that tells accounts of the same name apart (Location, City, Site). */
  readonly location: string | null;
}

export interface OpportunityRole {
  readonly object: ObjectDefinition;
  readonly name: string;
  readonly account: string | null;
  readonly primaryContact: string | null;
  readonly stage: string | null;
  /** The stage values that end an opportunity ("Closed Won", "Closed Lost"). */
  readonly closedStages: readonly string[];
  /** The first stage a new opportunity gets (the picklist's first open value). */
  readonly firstStage: string | null;
  readonly revenue: string | null;
  readonly closeDate: string | null;
}

export interface ActivityRole {
  readonly object: ObjectDefinition;
  readonly subject: string;
  readonly start: string | null;
  readonly type: string | null;
  /** The Type values for an e-mail and a call; null when the picklist has none. */
  readonly emailType: string | null;
  readonly callType: string | null;
  readonly status: string | null;
  /** The Status value of something that happened ("Done"). */
  readonly doneStatus: string | null;
  readonly contact: string | null;
  readonly account: string | null;
  readonly opportunity: string | null;
  readonly description: string | null;
}

/** Which of the package's objects (and fields) play the parts the Email tab and the record page need; null: none does. */
export interface MailObjectRoles {
  readonly contact: PersonRole | null;
  readonly account: AccountRole | null;
  readonly opportunity: OpportunityRole | null;
  readonly lead: PersonRole | null;
  readonly activity: ActivityRole | null;
}

/** Object names (compared ignoring case, then labels) that play each role, most usual first. */
const OBJECT_NAMES = {
  account: ['Account', 'Accounts', 'Company', 'Companies', 'Organization', 'Organisation', 'Customer'],
  contact: ['Contact', 'Contacts', 'Person', 'People'],
  opportunity: ['Opportunity', 'Opportunities', 'Deal', 'Deals'],
  lead: ['Lead', 'Leads', 'Prospect', 'Prospects'],
  activity: ['Activity', 'Activities', 'Action', 'Actions'],
} as const;

/**
 * Reads the roles off the package: objects by their usual names (then labels), fields
 * by kind first (an `email` field is the address, whatever it is called), then by
 * type and name, and references by the object they point at. Nothing here assumes the
 * demo package's names, so a package calling its e-mail field `EmailAddress` or its
 * account reference `CompanyRef` works the same; a package without a contact type gets
 * `contact: null`, which the Email tab says in words. A contact (or lead) counts only
 * with an e-mail field, and an activity only with a subject: without them the Email
 * tab could not look up the sender or track the message.
 */
export function mailObjectRoles(pkg: { readonly objects: readonly ObjectDefinition[] }): MailObjectRoles {
  const used = new Set<ObjectDefinition>();
  const find = (names: readonly string[]): ObjectDefinition | undefined => {
    const lower = names.map((n) => n.toLowerCase());
    const byName = (o: ObjectDefinition) => lower.indexOf(o.name.toLowerCase());
    const byLabel = (o: ObjectDefinition) => lower.indexOf((o.label ?? '').toLowerCase());
    for (const rank of [byName, byLabel]) {
      const found = pkg.objects
        .filter((o) => !used.has(o) && rank(o) >= 0)
        .sort((a, b) => rank(a) - rank(b))
        .at(0);
      if (found) {
        used.add(found);
        return found;
      }
    }
    return undefined;
  };

  const accountObject = find(OBJECT_NAMES.account);
  const contactObject = find(OBJECT_NAMES.contact);
  const opportunityObject = find(OBJECT_NAMES.opportunity);
  const leadObject = find(OBJECT_NAMES.lead);
  const activityObject = find(OBJECT_NAMES.activity);

  const account = accountObject ? accountRole(accountObject) : null;
  const contact = contactObject ? personRole(contactObject, accountObject) : null;
  const lead = leadObject ? personRole(leadObject, accountObject) : null;
  return {
    account,
    contact: contact?.email ? contact : null,
    lead: lead?.email ? lead : null,
    opportunity: opportunityObject ? opportunityRole(opportunityObject, accountObject, contactObject) : null,
    activity: activityObject ? activityRole(activityObject, accountObject, contactObject, opportunityObject) : null,
  };
}

function accountRole(object: ObjectDefinition): AccountRole {
  return {
    object,
    name: object.titleField,
    location: named(object, /^(location|city|site|town)$/i, ['text', 'picklist'], [object.titleField]),
  };
}

function personRole(object: ObjectDefinition, accountObject: ObjectDefinition | undefined): PersonRole {
  const email = byKind(object, 'email') ?? named(object, /e-?mail/i, ['text']);
  const firstName = named(object, /^(first|given|fore)[\s_-]?name$/i, ['text']);
  const title = object.fields.find((f) => f.name === object.titleField);
  const lastName =
    named(object, /^(last|family|sur)[\s_-]?name$/i, ['text']) ??
    (title && title.type === 'text' && title.name !== email ? title.name : null);
  const taken = [email, firstName, lastName].filter((n): n is string => n !== null);
  return {
    object,
    email,
    firstName,
    lastName,
    phone: byKind(object, 'phone') ?? named(object, /phone|^tel|mobile/i, ['text']),
    jobTitle: named(object, /^(job[\s_-]?title|title|position|role|function)$/i, ['text', 'picklist'], taken),
    account: referenceTo(object, accountObject),
    company: named(object, /^(company|company[\s_-]?name|organi[sz]ation|account[\s_-]?name|employer)$/i, ['text'], taken),
  };
}

function opportunityRole(
  object: ObjectDefinition,
  accountObject: ObjectDefinition | undefined,
  contactObject: ObjectDefinition | undefined,
): OpportunityRole {
  const stage = named(object, /stage|phase|status/i, ['picklist']);
  const values = object.fields.find((f) => f.name === stage)?.values ?? [];
  const closedStages = values.filter((v) => /\b(closed|won|lost)\b/i.test(v));
  return {
    object,
    name: object.titleField,
    account: referenceTo(object, accountObject),
    primaryContact: referenceTo(object, contactObject),
    stage,
    closedStages,
    firstStage: values.find((v) => !closedStages.includes(v)) ?? null,
    revenue: byKind(object, 'currency') ?? named(object, /revenue|amount|value/i, ['number']),
    closeDate: named(object, /close|end|due/i, ['date', 'datetime']),
  };
}

function activityRole(
  object: ObjectDefinition,
  accountObject: ObjectDefinition | undefined,
  contactObject: ObjectDefinition | undefined,
  opportunityObject: ObjectDefinition | undefined,
): ActivityRole | null {
  const title = object.fields.find((f) => f.name === object.titleField);
  const subject = named(object, /^(subject|title|name|summary)$/i, ['text']) ?? (title?.type === 'text' ? title.name : null);
  if (subject === null) return null;
  const type = named(object, /^(type|kind|category|activity[\s_-]?type)$/i, ['picklist']);
  const typeValues = object.fields.find((f) => f.name === type)?.values ?? [];
  const status = named(object, /status|state/i, ['picklist']);
  const statusValues = object.fields.find((f) => f.name === status)?.values ?? [];
  return {
    object,
    subject,
    start: named(object, /start|date|when|begin/i, ['datetime', 'date']) ?? firstOfType(object, ['datetime', 'date']),
    type,
    emailType: typeValues.find((v) => /^e-?mail$/i.test(v.trim())) ?? null,
    callType: typeValues.find((v) => /^(phone[\s-]?)?call$/i.test(v.trim())) ?? null,
    status,
    doneStatus: statusValues.find((v) => /^(done|completed?|finished|held|closed)$/i.test(v.trim())) ?? null,
    contact: referenceTo(object, contactObject),
    account: referenceTo(object, accountObject),
    opportunity: referenceTo(object, opportunityObject),
    description:
      named(object, /description|body|notes?|comments?|details/i, ['text']) ??
      object.fields.find((f) => f.type === 'text' && f.bulk === true)?.name ??
      null,
  };
}

function byKind(object: ObjectDefinition, kind: NonNullable<FieldDefinition['kind']>): string | null {
  return object.fields.find((f) => f.kind === kind)?.name ?? null;
}

/** The first field of one of `types` whose name (or label) matches, skipping `taken`. */
function named(
  object: ObjectDefinition,
  pattern: RegExp,
  types: readonly FieldDefinition['type'][],
  taken: readonly string[] = [],
): string | null {
  const candidates = object.fields.filter((f) => types.includes(f.type) && !taken.includes(f.name));
  return (
    (candidates.find((f) => pattern.test(f.name)) ?? candidates.find((f) => f.label !== undefined && pattern.test(f.label)))?.name ?? null
  );
}

function firstOfType(object: ObjectDefinition, types: readonly FieldDefinition['type'][]): string | null {
  return object.fields.find((f) => types.includes(f.type))?.name ?? null;
}

/** The reference to `target`: one whose name starts with the target's (AccountId), else the first that points at it. */
function referenceTo(object: ObjectDefinition, target: ObjectDefinition | undefined): string | null {
  if (!target) return null;
  const references = object.fields.filter((f) => f.type === 'reference' && f.references === target.name);
  const lower = target.name.toLowerCase();
  return (references.find((f) => f.name.toLowerCase().startsWith(lower)) ?? references[0])?.name ?? null;
}
