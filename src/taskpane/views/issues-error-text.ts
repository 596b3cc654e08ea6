import { ProtocolError } from '../../protocol/index.js';
import { describeError } from '../services/describe-error.js';
import type { NoticeText } from './issues-notice.js';

/** A failure while reading or answering issues, in a rep's words. */
export function issuesErrorText(error: unknown, title: string): NoticeText {
  if (error instanceof ProtocolError) {
    const words = describeError(error, 'edit');
    return { kind: 'error', title: words.title, next: words.next };
  }
  return { kind: 'error', title, next: error instanceof Error ? error.message : String(error) };
}
