// Shared by the hostile suites: the refusal check (status, Harbor's error body, never a 5xx) and a
// snapshot of the tables a refused request must leave as they were.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { ErrorsSchema } from '@harbor/contracts';
import type { PrismaClient } from '@harbor/db';

export interface Answer {
  status: number;
  text: string;
  headers: Headers;
}

export async function answer(res: Response | Promise<Response>): Promise<Answer> {
  const r = await res;
  return { status: r.status, text: await r.text(), headers: r.headers };
}

/** The request was refused with this status and Harbor's error body (with this code, and message if given). */
export async function refused(res: Response | Promise<Response>, status: number, code: string, message?: string | RegExp): Promise<Answer> {
  const a = await answer(res);
  assert.equal(a.status, status, `expected ${status}, got ${a.status}: ${a.text.slice(0, 300)}`);
  const body = ErrorsSchema.parse(JSON.parse(a.text));
  assert.equal(body.errors[0]?.code, code, a.text.slice(0, 300));
  if (typeof message === 'string') assert.equal(body.errors[0]?.message, message);
  else if (message) assert.match(body.errors[0]?.message ?? '', message);
  return a;
}

/** Any answer but a server error (for inputs whose exact status is not the point). */
export async function noServerError(res: Response | Promise<Response>, what: string): Promise<Answer> {
  const a = await answer(res);
  assert.ok(a.status < 500, `${what} → ${a.status}: ${a.text.slice(0, 300)}`);
  if (a.status >= 400 && a.text) ErrorsSchema.parse(JSON.parse(a.text));
  return a;
}

/** A GET of `path` exactly as written: fetch would resolve `..` and `%2E%2E` before sending. */
export function rawGet(base: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode })));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every row a hostile request could change: people, projects, memberships, settings, robots, the audit log. */
export async function snapshot(db: PrismaClient): Promise<string> {
  const [users, projects, members, metadata, robots, audit] = await Promise.all([
    db.user.findMany({ orderBy: { id: 'asc' } }),
    db.project.findMany({ orderBy: { id: 'asc' } }),
    db.projectMember.findMany({ orderBy: { id: 'asc' } }),
    db.projectMetadata.findMany({ orderBy: { id: 'asc' } }),
    db.robot.findMany({ orderBy: { id: 'asc' } }),
    db.auditLog.count(),
  ]);
  return JSON.stringify({ users, projects, members, metadata, robots, audit }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
