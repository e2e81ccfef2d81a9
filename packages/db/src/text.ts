// What the database can store: PostgreSQL refuses NUL in text, and Prisma's query compiler refuses lone
// UTF-16 surrogates (JSON bodies can carry both), and integer columns hold 32 bits. Services check input
// with these before it reaches a query, so bad input is a 400, never a database error.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(s: string): boolean {
  return !s.includes('\u0000') && !LONE_SURROGATE.test(s);
}

/** Every string anywhere in a JSON value is storable. Walks without recursion: bodies may nest deeply. */
export function isStorableJson(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v === 'string') {
      if (!isStorableText(v)) return false;
    } else if (Array.isArray(v)) {
      pending.push(...v);
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (!isStorableText(k)) return false;
        pending.push(child);
      }
    }
  }
  return true;
}

export const INT32_MAX = 2_147_483_647;

export function isInt32Id(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0 && n <= INT32_MAX;
}

/** A search term for LIKE/ILIKE whose `%`, `_` and `\` match themselves (Harbor's orm.Escape). */
export function escapeLike(v: string): string {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`);
}
