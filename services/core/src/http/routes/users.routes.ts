// /api/v2.0/users: create, list (admins), search, get, update profile, delete, password, sysadmin flag,
// CLI secret, and /users/current/permissions — Harbor's paths, parameters, JSON and status codes.
// (/users/current itself lives with the system routes.) Passwords and secrets are never echoed.
import express, { type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import type { Prisma } from '@harbor/db';
import {
  harborValidationStatus, OIDCCliSecretReqSchema, PasswordReqSchema, UserCreationReqSchema, UserProfileSchema, UserSysAdminFlagSchema,
} from '@harbor/contracts';
import type { AuditService } from '../../domain/audit/audit.service.js';
import type { CurrentPermissions } from '../../domain/users/current-permissions.js';
import type { Input, UserService } from '../../domain/users/user.service.js';
import type { UserListQuery, UserProfileRecord } from '../../store/user.repo.js';
import { ApiError } from '../errors.js';
import { jsonBody } from '../validate.js';
import { principalOf } from '../middleware/security.middleware.js';
import { readCookie, SESSION_COOKIE } from '../middleware/session.middleware.js';
import { paginationHeaders, parsePagination, parseQ, parseSort, queryParam, QueryError, toPrismaOrderBy, toPrismaWhere, type FieldMap, type QueryTerm, int64Path } from '../query.js';

export interface UserRouteDeps {
  accounts: UserService;
  currentPermissions: CurrentPermissions;
  audit: AuditService;
}

/** What `q` and `sort` may name: the user's columns, never the password or the CLI secret. */
const FIELDS: FieldMap = {
  user_id: { column: 'id', type: 'int' },
  username: { column: 'username', type: 'string' },
  email: { column: 'email', type: 'string' },
  realname: { column: 'realname', type: 'string' },
  comment: { column: 'comment', type: 'string' },
  sysadmin_flag: { column: 'sysadminFlag', type: 'bool' },
  creation_time: { column: 'creationTime', type: 'date' },
  update_time: { column: 'updateTime', type: 'date' },
};

export function toUserResp(u: UserProfileRecord): Record<string, unknown> {
  return {
    user_id: u.id,
    username: u.username,
    email: u.email ?? '',
    realname: u.realname,
    comment: u.comment,
    sysadmin_flag: u.sysadmin,
    admin_role_in_auth: false,
    creation_time: u.creationTime.toISOString(),
    update_time: u.updateTime.toISOString(),
  };
}

/**
 * Validates a body with its contract in two steps, as Harbor does: wrong JSON types (go-swagger's
 * binding) fail at once with 422; the rules its handler applies fail with 400 when the service asks
 * for the value, after the permission checks.
 */
function bind<T>(schema: z.ZodType<T>, body: unknown): Input<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { raw: body, value: () => result.data };
  // Refinements carry Harbor's own messages; zod's generic ones get the field's name in front.
  const message = result.error.issues
    .map((i) => (i.code === 'custom' ? i.message : `${i.path.join('.') || 'body'}: ${i.message}`))
    .join('; ');
  if (harborValidationStatus(result.error, body) === 422) throw new ApiError('UNPROCESSABLE_ENTITY', message);
  return { raw: body, value: () => { throw new ApiError('BAD_REQUEST', message); } };
}

/** go-swagger's boolean query parameter (swag.ConvertBool): these words are true, anything else false. */
const TRUE_WORDS = new Set(['true', '1', 'yes', 'ok', 'y', 'on', 'selected', 'checked', 't', 'enabled']);

function termValues(t: QueryTerm): string[] {
  if (t.kind === 'exact' || t.kind === 'fuzzy') return [t.value];
  if (t.kind === 'range') return [t.min, t.max].filter((v): v is string => v !== undefined);
  return t.values;
}

/** `q`, `sort` and Harbor's extra `username`/`email` parameters (fuzzy) of GET /users. */
function listQuery(q: Record<string, unknown>): UserListQuery {
  const terms = parseQ(queryParam(q, 'q') ?? '');
  for (const k of ['username', 'email']) {
    const v = queryParam(q, k);
    if (!v) continue;
    // these take the place of a `q` term on the same key, as in Harbor's ListUsers
    const at = terms.findIndex((t) => t.key === k);
    if (at >= 0) terms.splice(at, 1);
    terms.push({ key: k, kind: 'fuzzy', value: v });
  }
  for (const t of terms) {
    for (const v of termValues(t)) {
      // PostgreSQL cannot compare text with NUL, nor an INTEGER column with a bigger number
      if (v.includes('\u0000')) throw new QueryError(`invalid value of ${t.key}`);
      if (t.key === 'user_id' && /^[+-]?\d+$/.test(v) && Math.abs(Number(v)) > 2147483647) throw new QueryError(`invalid value of user_id: ${v}`);
    }
  }
  const sorts = parseSort(queryParam(q, 'sort') ?? '', Object.keys(FIELDS));
  return {
    where: toPrismaWhere(terms, FIELDS) as Prisma.UserWhereInput,
    orderBy: toPrismaOrderBy(sorts, FIELDS) as Prisma.UserOrderByWithRelationInput[],
    includeDefaultAdmin: terms.some((t) => t.key === 'user_id'),
  };
}

export function registerUserRoutes(router: Router, deps: UserRouteDeps): void {
  const { accounts, audit } = deps;
  const json = jsonBody('64kb');
  const base = '/api/v2.0/users';
  const record = (req: Request, res: Response, operation: 'create' | 'update' | 'delete', username: string) =>
    audit.record(principalOf(res), { operation, resourceType: 'user', resource: username }, req.ip);
  const paged = (req: Request, res: Response, q: Record<string, unknown>, p: { page: number; pageSize: number }, total: number) => {
    for (const [k, v] of Object.entries(paginationHeaders(req.path, q, p.page, p.pageSize, total))) res.setHeader(k, v);
  };

  // Fixed paths first: `search` and `current` are not user ids.
  router.get(`${base}/search`, async (req: Request, res: Response) => {
    const q = req.query as Record<string, unknown>;
    const pagination = parsePagination(q);
    const username = queryParam(q, 'username');
    if (!username) throw new ApiError('UNPROCESSABLE_ENTITY', 'username in query is required');
    const { total, items } = await accounts.search(principalOf(res), username, pagination);
    paged(req, res, q, pagination, total);
    res.json(items.map((u) => ({ user_id: u.id, username: u.username })));
  });

  router.get(`${base}/current/permissions`, async (req: Request, res: Response) => {
    const q = req.query as Record<string, unknown>;
    const relative = TRUE_WORDS.has((queryParam(q, 'relative') ?? '').toLowerCase());
    res.json(await deps.currentPermissions.list(principalOf(res), queryParam(q, 'scope') ?? '', relative));
  });

  router.post(base, json, async (req: Request, res: Response) => {
    // Harbor's "carries a session": self-registration is for the console's sign-up page, not scripts
    const viaSession = readCookie(req, SESSION_COOKIE) !== undefined;
    const { id, username } = await accounts.create(principalOf(res), bind(UserCreationReqSchema, req.body), viaSession);
    await record(req, res, 'create', username);
    res.setHeader('Location', `${base}/${id}`);
    res.status(201).end();
  });

  router.get(base, async (req: Request, res: Response) => {
    const q = req.query as Record<string, unknown>;
    const pagination = parsePagination(q);
    const { total, items } = await accounts.list(principalOf(res), () => listQuery(q), pagination);
    paged(req, res, q, pagination, total);
    res.json(items.map(toUserResp));
  });

  router.get(`${base}/:user_id`, async (req: Request, res: Response) => {
    res.json(toUserResp(await accounts.get(principalOf(res), int64Path(req, 'user_id'))));
  });

  router.put(`${base}/:user_id`, json, async (req: Request, res: Response) => {
    const id = int64Path(req, 'user_id');
    await record(req, res, 'update', await accounts.updateProfile(principalOf(res), id, bind(UserProfileSchema, req.body)));
    res.status(200).end();
  });

  router.delete(`${base}/:user_id`, async (req: Request, res: Response) => {
    await record(req, res, 'delete', await accounts.delete(principalOf(res), int64Path(req, 'user_id')));
    res.status(200).end();
  });

  router.put(`${base}/:user_id/password`, json, async (req: Request, res: Response) => {
    const id = int64Path(req, 'user_id');
    await record(req, res, 'update', await accounts.changePassword(principalOf(res), id, bind(PasswordReqSchema, req.body)));
    res.status(200).end();
  });

  router.put(`${base}/:user_id/sysadmin`, json, async (req: Request, res: Response) => {
    const id = int64Path(req, 'user_id');
    await record(req, res, 'update', await accounts.setSysadmin(principalOf(res), id, bind(UserSysAdminFlagSchema, req.body)));
    res.status(200).end();
  });

  router.put(`${base}/:user_id/cli_secret`, json, async (req: Request, res: Response) => {
    const id = int64Path(req, 'user_id');
    await record(req, res, 'update', await accounts.setCliSecret(principalOf(res), id, bind(OIDCCliSecretReqSchema, req.body)));
    res.status(200).end();
  });
}
