import { ProtocolError } from '../protocol/index.js';

/** Stops the sync between steps once the rep cancelled; the next sync continues from there. */
export function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ProtocolError('CANCELLED', 'The synchronisation was cancelled; it continues where it stopped next time.');
}
