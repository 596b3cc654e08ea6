import type { MailObjectRoles } from './mail-object-roles.js';

/** A notice of the Email tab: what is missing, and what to do. */
export interface MailTabNotice {
  readonly title: string;
  readonly next: string;
}

/**
 * Why the Email tab cannot look up a sender with a package whose roles have no contact
 * (mailObjectRoles): the package has no contact type, or its contact type no e-mail
 * field. The rest of the pane works as usual, and the notice says so rather than failing.
 */
export function senderLookupNotice(objectNames: readonly string[]): MailTabNotice {
  const hasContact = objectNames.some((name) => /^(contacts?|person|people)$/i.test(name));
  return {
    title: hasContact
      ? 'Your configuration’s contacts have no e-mail address field, so Fieldbook cannot look up who sent this message.'
      : 'Your configuration has no contact record type, so Fieldbook cannot look up who sent this message.',
    next: 'Your records and sync work as usual. Ask your administrator for a configuration with contacts and their e-mail addresses.',
  };
}

/** Why a message cannot be tracked with this package (no activity type with a subject and a contact reference), or null. */
export function trackingNotice(roles: Pick<MailObjectRoles, 'activity'>): string | null {
  if (roles.activity === null) return 'Your configuration has no activity record type, so messages cannot be tracked here.';
  if (roles.activity.contact === null)
    return 'Your configuration’s activities cannot refer to a contact, so messages cannot be tracked here.';
  return null;
}
