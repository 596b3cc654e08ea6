/**
 * A small schema language for the wire types.
 *
 * One description per shape drives four things, so they cannot drift apart:
 * the TypeScript type (`Infer`), validation of JSON bodies, decoding and encoding
 * of SOAP elements, and the XSD types inside the WSDL. General-purpose schema
 * libraries give the first two; the SOAP side needs to know which elements repeat
 * and which text is a number, so the schema has to be ours.
 */

export type FieldValue = string | number | boolean | null;

interface Base<T> {
  /** Phantom member carrying the TypeScript type; never set at run time. */
  readonly _type?: T;
}

export interface StringSchema extends Base<string> {
  readonly kind: 'string';
  readonly minLength: number;
  readonly maxLength: number;
  readonly pattern?: RegExp;
  readonly patternName?: string;
}
export interface IntegerSchema extends Base<number> {
  readonly kind: 'integer';
  readonly min: number;
  readonly max: number;
}
export interface BooleanSchema extends Base<boolean> {
  readonly kind: 'boolean';
}
export interface EnumSchema<T extends string> extends Base<T> {
  readonly kind: 'enum';
  readonly typeName: string;
  readonly values: readonly T[];
}
/** A single scalar whose meaning (text, number, date) is decided by the field it is compared with. */
export interface ScalarSchema extends Base<string | number | boolean> {
  readonly kind: 'scalar';
}
/** A map from CRM field name to value; in SOAP a list of `<field><name/><value/></field>`. */
export interface FieldValuesSchema extends Base<Record<string, FieldValue>> {
  readonly kind: 'fieldValues';
  readonly maxFields: number;
}
export interface ArraySchema<T> extends Base<T[]> {
  readonly kind: 'array';
  readonly item: AnySchema;
  readonly minItems: number;
  readonly maxItems: number;
}
export interface Property<S extends AnySchema = AnySchema> {
  readonly schema: S;
  readonly optional: boolean;
}
export interface ObjectSchema<T> extends Base<T> {
  readonly kind: 'object';
  readonly typeName: string;
  readonly props: Readonly<Record<string, Property>>;
  /** A rule over the whole object; returns a reason when the value is not acceptable. */
  check?(value: T): string | null;
}
/**
 * Any JSON object, for values whose shape is open (an error's details). JSON carries
 * it as it is; SOAP as its JSON text, as a fault's `<details>` does. Answers only:
 * a request never needs an open shape.
 */
export interface JsonObjectSchema extends Base<{ readonly [key: string]: unknown }> {
  readonly kind: 'jsonObject';
}
/** Indirection for recursive types (the filter expression). */
export interface LazySchema<T> extends Base<T> {
  readonly kind: 'lazy';
  readonly get: () => AnySchema;
}

/** A schema whose values have the TypeScript type T. */
export type Schema<T> = AnySchema & Base<T>;

/** Every schema node, untyped; used by the generic walkers. */
export type AnySchema =
  | StringSchema
  | IntegerSchema
  | BooleanSchema
  | EnumSchema<string>
  | ScalarSchema
  | FieldValuesSchema
  | JsonObjectSchema
  | ArraySchema<unknown>
  | ObjectSchema<unknown>
  | LazySchema<unknown>;

export type Infer<S> = S extends Base<infer T> ? T : never;

type PropsShape = Record<string, Property>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type RequiredKeys<P extends PropsShape> = { [K in keyof P]: P[K]['optional'] extends true ? never : K }[keyof P];
type OptionalKeys<P extends PropsShape> = { [K in keyof P]: P[K]['optional'] extends true ? K : never }[keyof P];
export type ObjectOf<P extends PropsShape> = Simplify<
  { [K in RequiredKeys<P>]: Infer<P[K]['schema']> } & { [K in OptionalKeys<P>]?: Infer<P[K]['schema']> }
>;

export const s = {
  string(options: { min?: number; max?: number; pattern?: RegExp; patternName?: string } = {}): StringSchema {
    return {
      kind: 'string',
      minLength: options.min ?? 0,
      maxLength: options.max ?? 10_000,
      ...(options.pattern ? { pattern: options.pattern, patternName: options.patternName ?? options.pattern.source } : {}),
    };
  },
  integer(options: { min?: number; max?: number } = {}): IntegerSchema {
    return { kind: 'integer', min: options.min ?? Number.MIN_SAFE_INTEGER, max: options.max ?? Number.MAX_SAFE_INTEGER };
  },
  boolean(): BooleanSchema {
    return { kind: 'boolean' };
  },
  enum<const T extends string>(typeName: string, values: readonly T[]): EnumSchema<T> {
    return { kind: 'enum', typeName, values };
  },
  scalar(): ScalarSchema {
    return { kind: 'scalar' };
  },
  fieldValues(maxFields = 200): FieldValuesSchema {
    return { kind: 'fieldValues', maxFields };
  },
  jsonObject(): JsonObjectSchema {
    return { kind: 'jsonObject' };
  },
  array<S extends AnySchema>(item: S, options: { min?: number; max?: number } = {}): ArraySchema<Infer<S>> {
    return { kind: 'array', item, minItems: options.min ?? 0, maxItems: options.max ?? 100_000 };
  },
  object<P extends PropsShape>(typeName: string, props: P, check?: (value: ObjectOf<P>) => string | null): ObjectSchema<ObjectOf<P>> {
    return { kind: 'object', typeName, props, ...(check ? { check } : {}) };
  },
  /** Indirection for recursive shapes; T is given explicitly. */
  lazy<T>(get: () => AnySchema): LazySchema<T> {
    return { kind: 'lazy', get };
  },
  /** A required property. */
  req<S extends AnySchema>(schema: S): { schema: S; optional: false } {
    return { schema, optional: false };
  },
  /** An optional property: absent in JSON, no element in SOAP. */
  opt<S extends AnySchema>(schema: S): { schema: S; optional: true } {
    return { schema, optional: true };
  },
};

export function resolve(schema: AnySchema): Exclude<AnySchema, LazySchema<unknown>> {
  let current: AnySchema = schema;
  while (current.kind === 'lazy') current = current.get();
  return current;
}
