// Harbor's list conventions on /api/v2.0, as pure functions: `page`/`page_size`, the `X-Total-Count`
// and `Link` headers, the `q` filter language, `sort`, and their translation into Prisma `where` and
// `orderBy` objects. Behaviour follows Harbor's source: go-swagger's parameter binding (page, page_size),
// src/server/v2.0/handler/base.go (Links), src/lib/link.go, src/lib/q/builder.go and src/lib/orm/query.go.
import { escapeLike } from '@harbor/db';

export type QueryErrorCode = 'BAD_REQUEST' | 'UNPROCESSABLE_ENTITY';

/** A bad list parameter. `code`/`status` are what Harbor answers: 422 for page/page_size, 400 for q. */
export class QueryError extends Error {
  readonly status: 400 | 422;
  constructor(message: string, readonly code: QueryErrorCode = 'BAD_REQUEST') {
    super(message);
    this.name = 'QueryError';
    this.status = code === 'BAD_REQUEST' ? 400 : 422;
  }
}

/** Express's `req.query`: strings, arrays of strings for repeated keys, objects for `a[b]=` forms. */
export type QueryInput = Record<string, unknown>;

/** A parameter's value the way go-swagger binds it: the last of repeated values; non-strings ignored. */
export function queryParam(query: QueryInput, name: string): string | undefined {
  const v = query[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    const strings = v.filter((x): x is string => typeof x === 'string');
    return strings.length > 0 ? strings[strings.length - 1] : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Pagination

export const DEFAULT_PAGE = 1;
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

export interface Pagination {
  page: number;
  pageSize: number;
  /** Rows to skip. */
  offset: number;
  /** Rows to take; undefined when page_size ≤ 0, which Harbor answers with every row. */
  limit: number | undefined;
}

const GO_INT = /^[+-]?\d+$/;

/** go-swagger's int64 binding: anything else is a 422 naming the parameter (`user_id in path`). */
export function int64Value(raw: string, what: string): number {
  const n = GO_INT.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) throw new QueryError(`${what} must be of type int64: ${JSON.stringify(raw)}`, 'UNPROCESSABLE_ENTITY');
  return n;
}

/** An int64 path parameter (express `:param`), named `label` in the message as Harbor's swagger names it. */
export function int64Path(req: { params: Record<string, unknown> }, param: string, label = param): number {
  return int64Value(String(req.params[param]), `${label} in path`);
}

/**
 * `page` (default 1) and `page_size` (default 10, at most 100). go-swagger rejects a non-integer or a
 * page_size over 100 with 422 "validation failure list:\n…"; it sets no minimum, and Harbor's ORM
 * applies LIMIT only when page_size > 0 and OFFSET only when page > 0 — so page_size=0 (or negative)
 * lists everything and page ≤ 0 is the first page.
 */
export function parsePagination(query: QueryInput): Pagination {
  const failures: string[] = [];
  const read = (name: string, fallback: number): number => {
    const raw = queryParam(query, name);
    if (raw === undefined || raw === '') return fallback;
    const n = GO_INT.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n)) {
      failures.push(`${name} in query must be of type int64: ${JSON.stringify(raw)}`);
      return fallback;
    }
    return n;
  };
  const page = read('page', DEFAULT_PAGE);
  const pageSize = read('page_size', DEFAULT_PAGE_SIZE);
  if (pageSize > MAX_PAGE_SIZE) failures.push(`page_size in query should be less than or equal to ${MAX_PAGE_SIZE}`);
  if (failures.length > 0) throw new QueryError(`validation failure list:\n${failures.join('\n')}`, 'UNPROCESSABLE_ENTITY');
  const limit = pageSize > 0 ? pageSize : undefined;
  const offset = limit !== undefined && page > 0 ? limit * (page - 1) : 0;
  if (!Number.isSafeInteger(offset)) throw new QueryError('page in query is out of range', 'UNPROCESSABLE_ENTITY');
  return { page, pageSize, offset, limit };
}

/**
 * `X-Total-Count` always; `Link` when there is a previous or next page, as Harbor's BaseAPI.Links builds
 * it: the request path, every query parameter with page and page_size replaced, keys sorted, values
 * left unescaped (Harbor unescapes the encoded query), links joined by " , ". `baseUrlPath` is the path
 * as the client sent it (still percent-encoded). Values are ready for `res.set`: non-ASCII travels as
 * UTF-8 bytes, as Go writes it.
 */
export function paginationHeaders(
  baseUrlPath: string,
  query: QueryInput,
  page: number,
  pageSize: number,
  total: number,
): Record<string, string> {
  const headers: Record<string, string> = { 'X-Total-Count': String(total) };
  if (pageSize === 0) return headers;
  const url = (p: number) => headerSafe(`${baseUrlPath}?${linkQuery(query, p, pageSize)}`);
  const links: string[] = [];
  if (page > 1 && (page - 1) * pageSize < total) links.push(`<${url(page - 1)}>; rel="prev"`);
  if (pageSize * page < total) links.push(`<${url(page + 1)}>; rel="next"`);
  if (links.length > 0) headers.Link = links.join(' , ');
  return headers;
}

function linkQuery(query: QueryInput, page: number, pageSize: number): string {
  const values = new Map<string, string[]>();
  for (const [k, v] of Object.entries(query)) {
    const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    if (list.length > 0) values.set(k, list);
  }
  values.set('page', [String(page)]);
  values.set('page_size', [String(pageSize)]);
  // Go's url.Values.Encode sorts keys byte-wise
  const keys = [...values.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return keys.flatMap((k) => values.get(k)!.map((v) => `${k}=${v}`)).join('&');
}

/** Go writes header bytes as they are, turning CR/LF into spaces; Node refuses control characters. */
function headerSafe(s: string): string {
  const cleaned = s
    .replace(/[\r\n]/g, ' ')
    .replace(/[\x00-\x08\x0a-\x1f\x7f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return Buffer.from(cleaned, 'utf8').toString('latin1');
}

// ---------------------------------------------------------------------------------------------------
// q

/** One `q` keyword. Range and list values are trimmed and stripped of surrounding quotes, as Harbor does. */
export type QueryTerm =
  | { key: string; kind: 'exact'; value: string }
  | { key: string; kind: 'fuzzy'; value: string }
  | { key: string; kind: 'range'; min?: string; max?: string }
  | { key: string; kind: 'or'; values: string[] }
  | { key: string; kind: 'and'; values: string[] };

/** Go's url.QueryUnescape: `+` is a space; a malformed `%` escape fails the whole string. */
function goQueryUnescape(s: string): string | undefined {
  const input = Buffer.from(s, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === 0x25) {
      const hex = input.subarray(i + 1, i + 3).toString('latin1');
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return undefined;
      out.push(parseInt(hex, 16));
      i += 2;
    } else out.push(c === 0x2b ? 0x20 : c);
  }
  return Buffer.from(out).toString('utf8');
}

/** strings.Trim(v, `"'`) after strings.TrimSpace: Harbor's parseValue for range bounds and list items. */
function bareValue(v: string): string {
  return v.trim().replace(/^["']+|["']+$/g, '');
}

/**
 * Harbor's `q` syntax (src/lib/q/builder.go): the whole string is query-unescaped once more (kept as
 * is if that fails), split on every `,` (there is no escape for a comma), each part split at its first
 * `=`. Values: `~v` fuzzy, `[min~max]` range (exactly one `~`, either bound may be empty but not
 * both), `{a b}` OR list, `(a b)` AND list (items split on single spaces, empty ones dropped), anything
 * else exact (a leading `\` escapes the first character). A repeated key keeps its last value.
 */
export function parseQ(q: string): QueryTerm[] {
  if (q.length === 0) return [];
  const text = goQueryUnescape(q) ?? q;
  const terms = new Map<string, QueryTerm>();
  for (const param of text.split(',')) {
    const eq = param.indexOf('=');
    const key = eq < 0 ? '' : param.slice(0, eq);
    const value = eq < 0 ? '' : param.slice(eq + 1);
    if (key.length === 0 || value.length === 0) {
      throw new QueryError('the query string must contain "=" and the key/value cannot be empty');
    }
    const term = parsePattern(key, value);
    if (!term) throw new QueryError(`invalid query string value: ${value}`);
    terms.set(key, term);
  }
  return [...terms.values()];
}

function parsePattern(key: string, value: string): QueryTerm | undefined {
  switch (value[0]) {
    case '~':
      return value.length < 2 ? undefined : { key, kind: 'fuzzy', value: value.slice(1) };
    case '[': {
      if (!value.endsWith(']') || value.split('~').length !== 2) return undefined;
      const [rawMin, rawMax] = value.slice(1, -1).split('~').map((s) => s.trim());
      if (rawMin.length === 0 && rawMax.length === 0) return undefined;
      const term: QueryTerm = { key, kind: 'range' };
      if (rawMin.length > 0) term.min = bareValue(rawMin);
      if (rawMax.length > 0) term.max = bareValue(rawMax);
      return term;
    }
    case '{':
    case '(': {
      const close = value[0] === '{' ? '}' : ')';
      if (value.length < 2 || !value.endsWith(close)) return undefined;
      const values = value.slice(1, -1).split(' ').map(bareValue).filter((v) => v.length > 0);
      return { key, kind: value[0] === '{' ? 'or' : 'and', values };
    }
    default:
      return { key, kind: 'exact', value: value[0] === '\\' ? value.slice(1) : value };
  }
}

// ---------------------------------------------------------------------------------------------------
// sort

export interface SortTerm {
  field: string;
  desc: boolean;
}

export interface UnknownKeyOption {
  /** Harbor's ORM silently skips keys a model cannot filter or sort by ('ignore', the default). */
  unknown?: 'ignore' | 'reject';
}

/** `sort=-creation_time,name` (Harbor's ParseSorting); fields outside `allowed` are dropped or rejected. */
export function parseSort(sort: string, allowed: readonly string[], options: UnknownKeyOption = {}): SortTerm[] {
  const out: SortTerm[] = [];
  if (sort.length === 0) return out;
  for (const part of sort.split(',')) {
    const desc = part.startsWith('-');
    const field = desc ? part.slice(1) : part;
    if (field.length === 0) continue;
    if (!allowed.includes(field)) {
      if (options.unknown === 'reject') throw new QueryError(`unsupported sort field: ${field}`);
      continue;
    }
    out.push({ field, desc });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Prisma

export type FieldType = 'string' | 'int' | 'bool' | 'date';
export type PrismaWhere = Record<string, unknown>;

export interface FieldSpec {
  /** Prisma field; a dotted path (`owner.username`) filters through a to-one relation. */
  column: string;
  type: FieldType;
  /** Custom translation for keys that are not a plain column (Harbor's `FilterBy…` methods). */
  filter?: (term: QueryTerm) => PrismaWhere;
}
export type FieldMap = Record<string, FieldSpec>;

/**
 * `where` for Prisma from parsed `q` terms: exact → equals, fuzzy → case-insensitive contains (with
 * LIKE wildcards escaped, as Harbor's orm.Escape does), range → gte/lte, OR list → in (an empty list
 * matches nothing), AND list → AND of equals. Values are converted to the column type; a value that
 * does not fit is a 400 (Harbor would fail in the database).
 */
export function toPrismaWhere(terms: readonly QueryTerm[], fields: FieldMap, options: UnknownKeyOption = {}): PrismaWhere {
  const conditions: PrismaWhere[] = [];
  for (const term of terms) {
    const spec = Object.hasOwn(fields, term.key) ? fields[term.key] : undefined;
    if (!spec) {
      if (options.unknown === 'reject') throw new QueryError(`unsupported query key: ${term.key}`);
      continue;
    }
    if (spec.filter) conditions.push(spec.filter(term));
    else conditions.push(...columnConditions(term, spec));
  }
  return conditions.length === 0 ? {} : { AND: conditions };
}

/** `orderBy` for Prisma from parsed sort terms. */
export function toPrismaOrderBy(sorts: readonly SortTerm[], fields: FieldMap): PrismaWhere[] {
  return sorts.map((s) => {
    const spec = Object.hasOwn(fields, s.field) ? fields[s.field] : undefined;
    if (!spec) throw new QueryError(`unsupported sort field: ${s.field}`);
    return nest(spec.column, s.desc ? 'desc' : 'asc');
  });
}

function columnConditions(term: QueryTerm, spec: FieldSpec): PrismaWhere[] {
  const conv = (v: string) => convert(term.key, v, spec.type);
  switch (term.kind) {
    case 'exact':
      return [nest(spec.column, { equals: conv(term.value) })];
    case 'fuzzy':
      if (spec.type !== 'string') throw new QueryError(`fuzzy match is not supported on ${term.key}`);
      return [nest(spec.column, { contains: escapeLike(term.value), mode: 'insensitive' })];
    case 'range': {
      if (spec.type === 'bool') throw new QueryError(`range is not supported on ${term.key}`);
      const filter: Record<string, unknown> = {};
      if (term.min !== undefined) filter.gte = conv(term.min);
      if (term.max !== undefined) filter.lte = conv(term.max);
      return Object.keys(filter).length === 0 ? [] : [nest(spec.column, filter)];
    }
    case 'or':
      return [nest(spec.column, { in: term.values.map(conv) })];
    case 'and':
      return term.values.map((v) => nest(spec.column, { equals: conv(v) }));
  }
}

function nest(column: string, value: unknown): PrismaWhere {
  return column
    .split('.')
    .reduceRight<unknown>((inner, part) => ({ [part]: inner }), value) as PrismaWhere;
}


const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);
// Harbor parses `2006-01-02T15:04:05` (UTC); the swagger documents `2020-04-09 02:36:00`; both are taken,
// with optional fractional seconds and zone (none = UTC), and a bare date as midnight UTC.
const TIME_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?)?$/;

function convert(key: string, v: string, type: FieldType): string | number | boolean | Date {
  const bad = () => new QueryError(`invalid value of ${key}: ${v}`);
  switch (type) {
    case 'string':
      return v;
    case 'int': {
      const n = GO_INT.test(v) ? Number(v) : NaN;
      if (!Number.isSafeInteger(n)) throw bad();
      return n;
    }
    case 'bool':
      if (GO_TRUE.has(v)) return true;
      if (GO_FALSE.has(v)) return false;
      throw bad();
    case 'date': {
      const m = TIME_RE.exec(v);
      if (!m) throw bad();
      const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
      const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
      const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
      const check = new Date(utc);
      // reject 2024-02-30 and 25:00, which Date.UTC would roll over
      if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || check.getUTCHours() !== +h || check.getUTCMinutes() !== +mi) throw bad();
      const offset = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (+zone.slice(1, 3) * 60 + +zone.slice(4, 6));
      return new Date(utc - offset * 60_000);
    }
  }
}
