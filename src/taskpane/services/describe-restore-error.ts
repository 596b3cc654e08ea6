import type { ProtocolError } from '../../protocol/index.js';
import { describeError, type RepMessage } from './describe-error.js';

/**
 * Errors of the replacement claim and restore in a rep's words. `claim`: the code
 * was refused or could not be sent; `restore`: the restore stopped (it continues
 * where it stopped on "Try again"). Codes without words of their own here read as
 * they do in a sync.
 */
export function describeRestoreError(error: ProtocolError, during: 'claim' | 'restore'): RepMessage {
  if (during === 'claim') {
    switch (error.code) {
      case 'UNAUTHENTICATED':
      case 'NOT_FOUND':
      case 'FORBIDDEN':
      case 'INVALID_REQUEST':
        return {
          title: 'This claim code does not work.',
          next: 'Check that you typed it as your administrator gave it. A code works once and only for a limited time; your administrator can give you a new one.',
        };
      case 'CONNECTIVITY':
      case 'RATE_LIMITED':
        return describeError(error, 'signIn');
      default:
        return describeError(error, 'sync');
    }
  }
  switch (error.code) {
    case 'CANCELLED':
      return { title: 'The restore was stopped.', next: 'Nothing was lost. Try again to continue where it stopped.' };
    case 'CONNECTIVITY':
      return {
        title: 'You are offline or the gateway cannot be reached.',
        next: 'What is restored so far is kept. Try again when the connection is back to continue.',
      };
    case 'UNAUTHENTICATED':
      return { title: 'The restore session has ended.', next: 'Ask your administrator to give you a new claim code for this replacement.' };
    default:
      return describeError(error, 'sync');
  }
}
