// Schemas whose types both TypeBox versions read alike: ours (0.34), which builds them, and the type provider's
// (1.x), which types requests and answers from them. The JSON schemas are those TypeBox builds anyway.
import { Type, type SchemaOptions, type TLiteral, type TSchema, type TUnion, type TUnsafe } from '@sinclair/typebox';

export type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K]> };

/** A literal schema for each word, as a tuple (to spread into a larger union). */
export function literals<const T extends readonly string[]>(values: T): Literals<T> {
  return values.map((value) => Type.Literal(value)) as Literals<T>;
}

/** One word from a fixed list. A union of a mapped array would be typed never by the provider: a tuple is not. */
export function literalUnion<const T extends readonly string[]>(values: T, options?: SchemaOptions): TUnion<Literals<T>> {
  return Type.Union(literals(values), options) as TUnion<Literals<T>>;
}

/** One word from a fixed list as an enum, typed as the list's words wherever it sits. */
export function literalEnum<const T extends readonly string[]>(values: T): TUnsafe<T[number]> & { type: 'string'; enum: [...T] } {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values] }) as TUnsafe<T[number]> & { type: 'string'; enum: [...T] };
}

/** A schema typed by hand as T; the provider reads the type only at the top of a request or answer, not inside an object. The marker is the
 * provider's own, added in type only. */
export type Typed<T> = TUnsafe<T> & { '~unsafe': T };

export function typedUnsafe<T>(schema: TSchema | SchemaOptions): Typed<T> {
  return Type.Unsafe<T>(schema) as Typed<T>;
}

/** A 204's schema: published as null, answered with reply.send() (no body and no content type). */
export const NoContent = typedUnsafe<undefined>(Type.Null());
