import type { ErrorCode, ProtocolError } from '../../protocol/index.js';

/** An error in a rep's words: what happened, and what to do next. */
export interface RepMessage {
  readonly title: string;
  readonly next: string;
}

/**
 * Every code of the closed list has its words here (the Record makes a new code a
 * compile error until it is described). `during` says what the pane was doing, so
 * the same code reads right at sign-in and during a sync.
 */
const WORDS: Record<ErrorCode, (error: ProtocolError, during: 'signIn' | 'sync' | 'edit') => RepMessage> = {
  INVALID_REQUEST: (e) => ({ title: 'Fieldbook could not do that.', next: e.message }),
  UNAUTHENTICATED: (_e, during) =>
    during === 'signIn'
      ? { title: 'The user name or password is wrong.', next: 'Check both and try again. Your password is case-sensitive.' }
      : { title: 'Your session has ended.', next: 'Sign in again with your password to keep syncing. Your offline changes are kept.' },
  FORBIDDEN: (e) => ({ title: 'You are not allowed to do that.', next: `${e.message}. Ask your administrator if you need access.` }),
  NOT_FOUND: (e) => ({ title: 'That record no longer exists.', next: e.message }),
  DUPLICATE_USER_KEY: () => ({
    title: 'A record with the same key already exists.',
    next: 'Open Sync issues to keep your record under another name or use the existing one.',
  }),
  COLLISION: () => ({ title: 'Someone changed this record at the same time.', next: 'Open Sync issues and choose which version to keep.' }),
  PAYLOAD_TOO_LARGE: () => ({ title: 'The change is too large to send.', next: 'Shorten long texts and sync again.' }),
  RATE_LIMITED: (e) => {
    const seconds = typeof e.details?.['retryAfterSeconds'] === 'number' ? e.details['retryAfterSeconds'] : null;
    return {
      title: 'Too many failed sign-in attempts.',
      next: seconds ? `Wait ${seconds} second${seconds === 1 ? '' : 's'}, then try again.` : 'Wait a moment, then try again.',
    };
  },
  SITE_REVOKED: (_e, during) => ({
    title: 'This device was replaced by your administrator.',
    next:
      during === 'edit'
        ? 'It can no longer change records, so this was not saved. Export the changes it still holds and import them on your new device (Issues → Archive → Import changes).'
        : 'It can no longer sync or change records. Export the changes it still holds and import them on your new device (Issues → Archive → Import changes).',
  }),
  PACKAGE_UNAVAILABLE: () => ({
    title: 'No configuration is available for your role.',
    next: 'Contact your administrator: they need to publish a customization package for your responsibility.',
  }),
  INCOMPATIBLE_PRODUCT: (e) => {
    const preferred = typeof e.details?.['preferredProduct'] === 'string' ? e.details['preferredProduct'] : null;
    return {
      title: 'This version of Fieldbook cannot use the new configuration.',
      next: preferred
        ? `Ask your administrator to update Fieldbook to version ${preferred}.`
        : 'Ask your administrator to update Fieldbook.',
    };
  },
  INTERNAL: () => ({
    title: 'The gateway had a problem.',
    next: 'Try again in a few minutes. If it keeps happening, tell your administrator.',
  }),
  CONNECTIVITY: (_e, during) => ({
    title: during === 'signIn' ? 'The gateway cannot be reached.' : 'You are offline or the gateway cannot be reached.',
    next:
      during === 'signIn'
        ? 'Check the gateway address and your network connection, then try again.'
        : 'Your changes are kept on this device and sync when the connection is back.',
  }),
  STORAGE_FULL: () => ({
    title: 'This device has no room left for your data.',
    next: 'Free some disk space, or choose a smaller filter preset under Sync → Filter records.',
  }),
  STORAGE_FAILED: () => ({
    title: 'Fieldbook could not save on this device.',
    next: 'Close other Fieldbook windows and try again. Your earlier data is unchanged.',
  }),
  STRUCTURE_DAMAGED: () => ({
    title: 'The offline data on this device is damaged.',
    next: 'Sync now: Fieldbook rebuilds it from the gateway and keeps your unsent changes.',
  }),
  CANCELLED: () => ({ title: 'The sync was cancelled.', next: 'Nothing was lost; the next sync carries on where this one stopped.' }),
};

export function describeError(error: ProtocolError, during: 'signIn' | 'sync' | 'edit'): RepMessage {
  return WORDS[error.code](error, during);
}
