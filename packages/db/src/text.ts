// What the database can store: PostgreSQL refuses NUL in text, and Prisma's query compiler refuses lone
// UTF-16 surrogates (JSON bodies can carry both), and integer columns hold 32 bits. Services check input
// with these before it reaches a query, so bad input is a 400, never a database error.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(s: string): boolean {
  return !s.includes('\u0000') && !LONE_SURROGATE.test(s);
}

/** Every string anywhere in a JSON value is storable. */
export function isStorableJson(value: unknown): boolean {
  if (typeof value === 'string') return isStorableText(value);
  if (Array.isArray(value)) return value.every(isStorableJson);
  if (value && typeof value === 'object') return Object.entries(value).every(([k, v]) => isStorableText(k) && isStorableJson(v));
  return true;
}

export const INT32_MAX = 2_147_483_647;

export function isInt32Id(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0 && n <= INT32_MAX;
}
