// Request parameters of the project, repository and artifact routes, read as Harbor's go-swagger binding
// reads them: the project of the path (resolved with the caller's roles), the repository name decoded once
// more (`a%252Fb` → `a/b`), booleans by swag.ConvertBool, `q` values that the database can hold, and
// X-Total-Count/Link on lists.
import type { Request, Response } from 'express';
import { isStorableText } from '@harbor/db';
import type { ProjectPath, RepositoryPath } from '../domain/artifacts/locator.js';
import type { ProjectService } from '../domain/projects/project.service.js';
import type { ProjectRecord } from '../store/project.repo.js';
import { principalOf } from './middleware/security.middleware.js';
import { paginationHeaders, parseQ, QueryError, queryParam, type QueryInput, type QueryTerm } from './query.js';

/** The project of the path, flagged by X-Is-Resource-Name as the projects routes read it. */
export function projectPath(req: Request): ProjectPath {
  return { project: String(req.params.project), projectIsName: req.get('X-Is-Resource-Name') === 'true' };
}

/** The project the path names, resolved as the projects routes do, with the caller's roles read along. */
export function pathProject(projects: ProjectService, req: Request, res: Response): Promise<ProjectRecord> {
  const { project, projectIsName } = projectPath(req);
  return projects.resolve(project, projectIsName === true, principalOf(res));
}

/** The project and repository of the path; the repository name was URL-encoded twice by the client. */
export function repositoryPath(req: Request): RepositoryPath {
  const once = String(req.params.repository);
  let twice = once;
  try {
    twice = decodeURIComponent(once);
  } catch {
    // Harbor goes on with the value as it is when the second unescape fails
  }
  return { ...projectPath(req), repository: twice };
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'ok', 'y', 'on', 'selected', 'checked', 't', 'enabled']);

/** A boolean query parameter: go-swagger's ConvertBool (true words, anything else false), default when absent or empty. */
export function flag(query: QueryInput, name: string, fallback: boolean): boolean {
  const v = queryParam(query, name);
  if (v === undefined || v === '') return fallback;
  return TRUE_WORDS.has(v.toLowerCase());
}

/** `q` parsed; values the database cannot store (NUL, lone surrogates) are a 400. */
export function filterTerms(query: QueryInput): QueryTerm[] {
  const terms = parseQ(queryParam(query, 'q') ?? '');
  for (const t of terms) {
    const values = t.kind === 'exact' || t.kind === 'fuzzy' ? [t.value] : t.kind === 'range' ? [t.min ?? '', t.max ?? ''] : t.values;
    if (!values.every(isStorableText)) throw new QueryError(`invalid query string value: ${t.key}`);
  }
  return terms;
}

const INT32 = /^[+-]?\d+$/;

/** Integer keys on 32-bit columns: a value out of that range is a 400, not a database error. */
export function checkInt32(terms: readonly QueryTerm[], keys: readonly string[]): void {
  for (const t of terms) {
    if (!keys.includes(t.key)) continue;
    const values = t.kind === 'exact' || t.kind === 'fuzzy' ? [t.value] : t.kind === 'range' ? [t.min, t.max] : t.values;
    for (const v of values) {
      if (v === undefined || !INT32.test(v)) continue; // a non-integer fails later with the parser's message
      const n = Number(v);
      if (n < -2147483648 || n > 2147483647) throw new QueryError(`invalid value of ${t.key}: ${v}`);
    }
  }
}

export function setPageHeaders(req: Request, res: Response, page: number, pageSize: number, total: number): void {
  for (const [k, v] of Object.entries(paginationHeaders(req.path, req.query as QueryInput, page, pageSize, total))) res.setHeader(k, v);
}
