// Harbor's `q` query language (`q=name=~nginx,public=true,op_time=[2024-01-01 00:00:00~2024-02-01 00:00:00]`),
// built from typed terms so the console never splices user text into it unescaped.

export type QTerm =
  | { kind: 'exact'; value: string | number | boolean }
  | { kind: 'fuzzy'; value: string }
  | { kind: 'range'; min?: string | number; max?: string | number };

/** `,` separates terms in Harbor's parser and cannot be escaped, so it is dropped from free text. */
function clean(v: string | number | boolean): string {
  return String(v).replace(/,/g, ' ').trim();
}

/** The `q` value for the given terms; terms with empty values are left out. Undefined when nothing is left. */
export function buildQ(terms: Record<string, QTerm | undefined>): string | undefined {
  const parts: string[] = [];
  for (const [key, term] of Object.entries(terms)) {
    if (!term) continue;
    if (term.kind === 'exact') {
      const v = clean(term.value);
      if (v) parts.push(`${key}=${v}`);
    } else if (term.kind === 'fuzzy') {
      const v = clean(term.value);
      if (v) parts.push(`${key}=~${v}`);
    } else {
      const min = term.min === undefined ? '' : clean(term.min);
      const max = term.max === undefined ? '' : clean(term.max);
      if (min || max) parts.push(`${key}=[${min}~${max}]`);
    }
  }
  return parts.length ? parts.join(',') : undefined;
}

/** `sort` from a column and direction: Harbor's `-field` means descending. */
export function buildSort(field: string | undefined, desc: boolean): string | undefined {
  return field ? `${desc ? '-' : ''}${field}` : undefined;
}
