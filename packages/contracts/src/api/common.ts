// Building blocks shared by the Harbor API v2.0 schemas: the error body every /api failure carries, the
// date-time and integer shapes of the swagger, and the Go string rules Harbor's handlers apply (byte
// lengths, strconv.ParseBool) so request validation rejects exactly what Harbor rejects.
import { z } from 'zod';

/** swagger `format: date-time`; Harbor writes RFC 3339 with milliseconds (`2006-01-02T15:04:05.000Z`). */
export const DateTimeSchema = z.iso.datetime({ offset: true });

/** swagger `type: integer` (int32/int64): JavaScript can only carry the safe-integer part of int64. */
export const IntSchema = z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
export const Int32Schema = z.number().int().min(-2147483648).max(2147483647);

/** `{"errors":[{"code","message"}]}`: the body of every error Harbor's API answers with. */
export const ApiErrorItemSchema = z.object({ code: z.string(), message: z.string() });
export type ApiErrorItem = z.infer<typeof ApiErrorItemSchema>;
export const ErrorsSchema = z.object({ errors: z.array(ApiErrorItemSchema) });
export type Errors = z.infer<typeof ErrorsSchema>;

/** `ResourceList`: resource name → amount; Harbor's only resource is `storage` (bytes, -1 = unlimited). */
export const ResourceListSchema = z.record(z.string(), IntSchema);
export type ResourceList = z.infer<typeof ResourceListSchema>;

const encoder = new TextEncoder();

/** Go's `len(s)`: Harbor's length rules count UTF-8 bytes, not characters. */
export function byteLength(s: string): number {
  return encoder.encode(s).length;
}

/** A string whose UTF-8 length lies in [min, max], as Harbor's `utils.IsIllegalLength` checks it. */
export function byteLengthString(min: number, max: number, what: string) {
  return z.string().refine((s) => {
    const n = byteLength(s);
    return n >= min && n <= max;
  }, `${what} must be ${min}–${max} bytes long`);
}

/**
 * A swagger `type: string` that the handler restricts to some values: a non-string is a type error
 * (422 from the binding), an unknown string a handler error (400).
 */
export function stringEnum<const T extends readonly [string, ...string[]]>(values: T, message?: string) {
  return z.string().pipe(z.enum(values, message === undefined ? undefined : { error: message }));
}

/** Values Go's strconv.ParseBool accepts; Harbor stores the normalised "true"/"false". */
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

export function parseGoBool(s: string): boolean | undefined {
  if (GO_TRUE.has(s)) return true;
  if (GO_FALSE.has(s)) return false;
  return undefined;
}

/** A boolean carried as a string (project metadata): any ParseBool spelling in, "true"/"false" out. */
export const BoolStringSchema = z
  .string()
  .refine((s) => parseGoBool(s) !== undefined, 'must be "true" or "false"')
  .transform((s) => (parseGoBool(s) ? 'true' : 'false'));

/**
 * Harbor decodes request bodies into Go structs whose optional fields are pointers, so an explicit JSON
 * `null` means "not given". Dropping nulls up front keeps the parsed types free of `null`.
 */
export function dropNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

/** Harbor's `requireValidSecret`: at least 8 bytes with a lower-case letter, an upper-case letter and a digit. */
export const PASSWORD_RULE_MESSAGE =
  'the password or secret must be longer than 8 chars with at least 1 uppercase letter, 1 lowercase letter and 1 number';

export function isValidPassword(s: string, maxBytes = Infinity): boolean {
  const n = byteLength(s);
  return n >= 8 && n <= maxBytes && /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/**
 * The status Harbor gives a body these schemas reject. Harbor validates twice: go-swagger's binding
 * first (a value of the wrong JSON type, a string over the swagger's maxLength) collects its failures
 * into one 422 UNPROCESSABLE_ENTITY; the handler's own checks (names, passwords, ranges, a missing
 * field that Go decoded as its zero value) answer 400 BAD_REQUEST.
 */
export function harborValidationStatus(error: z.ZodError, input: unknown): 400 | 422 {
  for (const issue of error.issues) {
    if (issue.code === 'invalid_type') {
      const v = valueAt(input, issue.path);
      if (v !== undefined && v !== null) return 422;
    }
    if (issue.code === 'too_big' && issue.origin === 'string') return 422;
  }
  return 400;
}
