import { ProtocolError, type OperationName } from '../protocol/index.js';

/**
 * The error for an answer that does not match the operation's response schema
 * (wrong types, missing or unknown fields), naming the operation and the first
 * problems. It is CONNECTIVITY, not INTERNAL: such an answer cannot tell whether
 * the request was applied, so the engine must stop with the pending operation id
 * kept and repeat the same request next time (the gateway then replays its first
 * answer). As INTERNAL the engine would log it as a refused upload and retry it
 * under a new operation id: a second insert. Stopping also means none of the
 * answer is written, never half a batch.
 */
export function answerMismatch(operation: OperationName, schemaError: unknown): ProtocolError {
  const details = schemaError instanceof ProtocolError ? schemaError.details : undefined;
  const problems = Array.isArray(details?.['problems']) ? (details['problems'] as unknown[]).map(String) : [];
  const first = problems[0] ?? (schemaError instanceof Error ? schemaError.message : String(schemaError));
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new ProtocolError(
    'CONNECTIVITY',
    `The gateway's answer to ${operation} does not match the contract: ${first}${more}.`,
    { operation, problems },
    { cause: schemaError },
  );
}
