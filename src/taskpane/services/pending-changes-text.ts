import { formatCount } from '../format/display-format.js';
import type { LocalState } from '../../store/index.js';

/** The heading of the Sync panel's list of changes the gateway has not got yet. */
export function pendingChangesTitle(count: number): string {
  if (!Number.isInteger(count) || count < 0) throw new Error(`pendingChangesTitle: expected a count, got ${count}`);
  if (count === 0) return 'No changes wait to be sent';
  return count === 1 ? '1 change waits to be sent' : `${formatCount(count)} changes wait to be sent`;
}

const KIND: Readonly<Record<Exclude<LocalState, 'clean'>, string>> = { created: 'New', updated: 'Changed', deleted: 'Deleted' };

/** One waiting change: "Changed: Acme Corp (Accounts)". A clean record waits for nothing: refused. */
export function pendingChangeLine(state: LocalState, title: string, objectLabel: string): string {
  if (state === 'clean') throw new Error(`pendingChangeLine: "${title}" is clean, nothing of it waits to be sent`);
  return `${KIND[state]}: ${title} (${objectLabel})`;
}
