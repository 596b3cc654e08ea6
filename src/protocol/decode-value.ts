import { ProtocolError } from './protocol-error.js';
import { resolve, type AnySchema, type FieldValue, type Infer } from './schema.js';
import { firstNonXmlChar, nonXmlCharReason } from './xml-char.js';

/**
 * Where a value comes from. JSON values carry their own types; values from SOAP
 * elements arrive as text (parsed with `parseTagValue: false`), a repeated
 * element may arrive once (not as an array), and an absent repeated element means
 * an empty list.
 */
export type Encoding = 'json' | 'xml';

const MAX_PROBLEMS = 20;

/**
 * Checks `input` against `schema` and returns the typed value. Every problem found
 * is reported at once (up to a limit), each naming the path of the bad value, in
 * one `INVALID_REQUEST` error. Unknown properties are refused, never ignored.
 * All text (strings, text scalars, field names and values) must hold only XML 1.0
 * characters (`isXmlChar`), in both encodings: one rule, so that whatever one
 * encoding stores the other can answer.
 */
export function decodeValue<S extends AnySchema>(schema: S, input: unknown, encoding: Encoding, root = '$'): Infer<S> {
  const problems: string[] = [];
  const value = walk(schema, input, root, encoding, problems, 0);
  if (problems.length > 0) {
    throw new ProtocolError(
      'INVALID_REQUEST',
      `Invalid request: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
      {
        problems,
      },
    );
  }
  return value as Infer<S>;
}

const MAX_DEPTH = 40;
const INTEGER_TEXT = /^-?\d{1,16}$/;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value.length > 40 ? `text of ${value.length} characters` : `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  return typeof value;
}

function walk(schemaIn: AnySchema, input: unknown, path: string, enc: Encoding, problems: string[], depth: number): unknown {
  const fail = (reason: string): undefined => {
    if (problems.length < MAX_PROBLEMS) problems.push(`${path}: ${reason}`);
    return undefined;
  };
  if (depth > MAX_DEPTH) return fail('nested too deeply');
  const schema = resolve(schemaIn);
  switch (schema.kind) {
    case 'string': {
      if (typeof input !== 'string') return fail(`expected text, got ${describe(input)}`);
      const badChar = firstNonXmlChar(input);
      if (badChar) return fail(nonXmlCharReason(badChar));
      if (input.length < schema.minLength)
        return fail(schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters`);
      if (input.length > schema.maxLength) return fail(`must be at most ${schema.maxLength} characters`);
      if (schema.pattern && !schema.pattern.test(input)) return fail(`must be ${schema.patternName}`);
      return input;
    }
    case 'integer': {
      let n: unknown = input;
      if (enc === 'xml' && typeof input === 'string') n = INTEGER_TEXT.test(input.trim()) ? Number(input.trim()) : input;
      if (typeof n !== 'number' || !Number.isInteger(n)) return fail(`expected a whole number, got ${describe(input)}`);
      if (n < schema.min || n > schema.max) return fail(`must be between ${schema.min} and ${schema.max}`);
      return n;
    }
    case 'boolean': {
      if (typeof input === 'boolean') return input;
      if (enc === 'xml' && typeof input === 'string') {
        const t = input.trim();
        if (t === 'true' || t === '1') return true;
        if (t === 'false' || t === '0') return false;
      }
      return fail(`expected true or false, got ${describe(input)}`);
    }
    case 'enum': {
      const badChar = typeof input === 'string' ? firstNonXmlChar(input) : undefined;
      if (badChar) return fail(nonXmlCharReason(badChar));
      if (typeof input === 'string' && schema.values.includes(input)) return input;
      return fail(`expected one of ${schema.values.join(', ')}, got ${describe(input)}`);
    }
    case 'scalar': {
      if (typeof input === 'string') {
        const badChar = firstNonXmlChar(input);
        return badChar ? fail(nonXmlCharReason(badChar)) : input;
      }
      if (typeof input === 'boolean') return input;
      if (typeof input === 'number' && Number.isFinite(input)) return input;
      return fail(`expected text, a number or true/false, got ${describe(input)}`);
    }
    case 'fieldValues':
      return walkFieldValues(schema.maxFields, input, path, enc, fail);
    case 'jsonObject': {
      let parsed: unknown = input;
      if (enc === 'xml' && typeof input === 'string') {
        try {
          parsed = JSON.parse(input);
        } catch {
          return fail('expected the JSON text of an object');
        }
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail(`expected an object, got ${describe(input)}`);
      return parsed;
    }
    case 'array': {
      let items: unknown = input;
      if (enc === 'xml') items = input === undefined || input === '' ? [] : Array.isArray(input) ? input : [input];
      if (!Array.isArray(items)) return fail(`expected a list, got ${describe(input)}`);
      if (items.length < schema.minItems) return fail(`must hold at least ${schema.minItems} item(s)`);
      if (items.length > schema.maxItems) return fail(`must hold at most ${schema.maxItems} items, got ${items.length}`);
      return items.map((item, i) => walk(schema.item, item, `${path}[${i}]`, enc, problems, depth + 1));
    }
    case 'object': {
      let obj: unknown = input;
      // An element with element-only content may hold layout whitespace (a pretty-printed `<Logout>\n</Logout>`).
      if (enc === 'xml' && typeof input === 'string' && input.trim() === '') obj = {};
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return fail(`expected an object, got ${describe(input)}`);
      const source = obj as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(source)) {
        if (!Object.hasOwn(schema.props, key)) fail(`unknown field "${key}"`);
      }
      for (const [key, prop] of Object.entries(schema.props)) {
        const raw = source[key];
        const isArray = resolve(prop.schema).kind === 'array';
        if (raw === undefined && !(enc === 'xml' && isArray && !prop.optional)) {
          if (!prop.optional) fail(`missing required field "${key}"`);
          continue;
        }
        if (raw === null && enc === 'json' && prop.optional) continue;
        out[key] = walk(prop.schema, raw, `${path}.${key}`, enc, problems, depth + 1);
      }
      if (schema.check && problems.length === 0) {
        const reason = schema.check(out);
        if (reason) fail(reason);
      }
      return out;
    }
  }
}

function walkFieldValues(
  maxFields: number,
  input: unknown,
  path: string,
  enc: Encoding,
  fail: (reason: string) => undefined,
): Record<string, FieldValue> | undefined {
  const out: Record<string, FieldValue> = Object.create(null) as Record<string, FieldValue>;
  if (enc === 'json') {
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      return fail(`expected an object of field values, got ${describe(input)}`);
    const entries = Object.entries(input as Record<string, unknown>);
    if (entries.length > maxFields) return fail(`must hold at most ${maxFields} fields`);
    for (const [name, value] of entries) {
      if (!textOk(name, 'a field name', fail) || (typeof value === 'string' && !textOk(value, `field "${name}"`, fail))) continue;
      if (
        value === null ||
        typeof value === 'string' ||
        typeof value === 'boolean' ||
        (typeof value === 'number' && Number.isFinite(value))
      ) {
        out[name] = value;
      } else {
        fail(`field "${name}" must be text, a number, true/false or null, got ${describe(value)}`);
      }
    }
    return { ...out };
  }
  // SOAP: <fields><field><name>N</name><value>V</value></field>…</fields>; no <value> means null.
  if (input === undefined || (typeof input === 'string' && input.trim() === '')) return {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail('expected <field> elements');
  const container = input as Record<string, unknown>;
  for (const key of Object.keys(container)) if (key !== 'field') fail(`unknown element <${key}>, expected <field>`);
  const raw = container['field'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (list.length > maxFields) return fail(`must hold at most ${maxFields} fields`);
  list.forEach((entry, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return fail(`field[${i}] must hold <name> and <value>`);
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) if (key !== 'name' && key !== 'value') fail(`field[${i}]: unknown element <${key}>`);
    if (typeof e['name'] !== 'string' || e['name'] === '') return fail(`field[${i}] needs a <name>`);
    const v = e['value'];
    if (v !== undefined && typeof v !== 'string') return fail(`field "${e['name']}": <value> must be text`);
    if (!textOk(e['name'], 'a field name', fail) || (v !== undefined && !textOk(v, `field "${e['name']}"`, fail))) return undefined;
    out[e['name']] = v === undefined ? null : v;
    return undefined;
  });
  return { ...out };
}

/** The XML 1.0 character rule for text inside a field map, where the path alone does not say which field. */
function textOk(text: string, what: string, fail: (reason: string) => undefined): boolean {
  const badChar = firstNonXmlChar(text);
  if (badChar) fail(`${what} ${nonXmlCharReason(badChar)}`);
  return badChar === undefined;
}
