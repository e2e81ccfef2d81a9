// A small JSON client for /api/v2.0 in tests: every error answer must carry Harbor's error body.
import { hashSecret } from '@harbor/auth';
import { ErrorsSchema } from '@harbor/contracts';
import type { PrismaClient } from '@harbor/db';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  json: unknown;
}

export interface ApiInit {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, as JSON. */
  raw?: string;
}

export function jsonApi(baseUrl: () => string) {
  return async (path: string, init: ApiInit = {}): Promise<ApiAnswer> => {
    const hasBody = init.body !== undefined || init.raw !== undefined;
    const res = await fetch(`${baseUrl()}/api/v2.0${path}`, {
      method: init.method ?? 'GET',
      headers: { ...(init.headers ?? {}), ...(hasBody ? { 'Content-Type': 'application/json' } : {}) },
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (res.status >= 400) ErrorsSchema.parse(json);
    return { status: res.status, headers: res.headers, json };
  };
}

/** The error code of an error answer. */
export const errorCode = (a: ApiAnswer) => (a.json as { errors: Array<{ code: string }> }).errors[0]!.code;

/** A system robot holding these system grants; signs in as robot$<name> with the given secret. */
export async function addSystemRobot(db: PrismaClient, name: string, secret: string, access: Array<{ resource: string; action: string }>): Promise<void> {
  await db.robot.create({
    data: { name, secret: await hashSecret(secret), level: 'system', permissions: [{ kind: 'system', namespace: '/', access }] },
  });
}
