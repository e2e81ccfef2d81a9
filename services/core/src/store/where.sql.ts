// Column conditions written in Prisma's `where` shape (what the `q` parser produces: equals, contains
// with LIKE wildcards already escaped, gte/lte, in) rendered as SQL for hand-written queries.
import { Prisma } from '@harbor/db';

type Where = Record<string, unknown>;

/** `where` as SQL; `columns` maps each allowed Prisma field to its SQL column. An empty `where` is TRUE. */
export function scalarWhereToSql(where: Where, columns: Record<string, string>): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (key === 'AND') {
      for (const w of value as Where[]) parts.push(scalarWhereToSql(w, columns));
      continue;
    }
    const column = Object.hasOwn(columns, key) ? columns[key] : undefined;
    if (!column) throw new Error(`no SQL column for field ${key}`);
    parts.push(...fieldConditions(Prisma.raw(column), value as Where));
  }
  return parts.length ? Prisma.join(parts.map((p) => Prisma.sql`(${p})`), ' AND ') : Prisma.sql`TRUE`;
}

function fieldConditions(col: Prisma.Sql, filter: Where): Prisma.Sql[] {
  const out: Prisma.Sql[] = [];
  for (const [op, v] of Object.entries(filter)) {
    switch (op) {
      case 'equals': out.push(Prisma.sql`${col} = ${v}`); break;
      case 'contains': out.push(filter.mode === 'insensitive' ? Prisma.sql`${col} ILIKE ${`%${String(v)}%`}` : Prisma.sql`${col} LIKE ${`%${String(v)}%`}`); break;
      case 'mode': break;
      case 'gte': out.push(Prisma.sql`${col} >= ${v}`); break;
      case 'lte': out.push(Prisma.sql`${col} <= ${v}`); break;
      case 'in': {
        const values = v as unknown[];
        out.push(values.length ? Prisma.sql`${col} IN (${Prisma.join(values)})` : Prisma.sql`FALSE`);
        break;
      }
      default: throw new Error(`unsupported condition ${op}`);
    }
  }
  return out;
}
