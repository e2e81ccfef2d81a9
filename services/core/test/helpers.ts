// Core started in-process on a throwaway database and data directory.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@harbor/testkit';
import { createLogger } from '@harbor/telemetry';
import { Redis } from 'ioredis';
import { CoreConfigSchema } from '../src/config.js';
import { startCore, type RunningCore } from '../src/server.js';

export interface TestCore extends RunningCore {
  databaseUrl: string;
  keyPrefix: string;
  stop(): Promise<void>;
}

export async function startTestCore(extra: Record<string, unknown> = {}): Promise<TestCore> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'core-test-'));
  // Each run its own Redis key prefix, removed afterwards: suites share the machine's Redis.
  const keyPrefix = `harbor-test-${randomBytes(6).toString('hex')}:`;
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
  const core = await startCore(
    CoreConfigSchema.parse({ http: { addr: '127.0.0.1:0' }, database: { url: database.url }, dataDir, redis: { url: redisUrl, keyPrefix }, ...extra }),
    createLogger('core', process.env.TEST_LOG_LEVEL ?? 'silent'),
  );
  return {
    ...core,
    databaseUrl: database.url,
    keyPrefix,
    async stop() {
      await core.close();
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const basic = (u: string, p: string) => ({ Authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });

export const TEST_PASSWORD = 'Passw0rd!';

/** Creates users (database auth) sharing one password hash; returns their ids by name. */
export async function addUsers(db: import('@harbor/db').PrismaClient, names: string[], password = TEST_PASSWORD): Promise<Record<string, number>> {
  const { hashPassword } = await import('@harbor/auth');
  const hash = await hashPassword(password);
  await db.user.createMany({ data: names.map((username) => ({ username, password: hash })) });
  const rows = await db.user.findMany({ where: { username: { in: names } }, select: { id: true, username: true } });
  return Object.fromEntries(rows.map((r) => [r.username, r.id]));
}
