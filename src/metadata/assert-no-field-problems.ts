import { ProtocolError } from '../protocol/index.js';
import type { FieldProblem } from './check-field-value.js';
import type { ObjectDefinition } from './object-definition.js';

/** Throws the refusal of the problems (below), if there are any. */
export function assertNoFieldProblems(object: ObjectDefinition, problems: readonly FieldProblem[]): void {
  const [first, ...rest] = problems;
  if (first) throw fieldRulesError(object, [first, ...rest]);
}

/**
 * The refusal of values that break field rules, the same from the gateway and from
 * LocalEdits: INVALID_REQUEST whose message names each field and rule, with the first
 * problem's `field` and `rule` in the details (what a client keys on) and every problem
 * in `problems` ("Probability (max): …", the field name first, as normalizeFields' are).
 */
function fieldRulesError(object: ObjectDefinition, problems: readonly [FieldProblem, ...FieldProblem[]]): ProtocolError {
  const [first] = problems;
  const lines = problems.map((p) => `${p.field} (${p.rule}): ${p.message}`);
  return new ProtocolError('INVALID_REQUEST', `Invalid ${object.name}: ${lines.join('; ')}`, {
    objectType: object.name,
    field: first.field,
    rule: first.rule,
    problems: lines,
  });
}
