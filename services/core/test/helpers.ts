// Core started in-process on a throwaway database and data directory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@harbor/testkit';
import { createLogger } from '@harbor/telemetry';
import { CoreConfigSchema } from '../src/config.js';
import { startCore, type RunningCore } from '../src/server.js';

export interface TestCore extends RunningCore {
  databaseUrl: string;
  stop(): Promise<void>;
}

export async function startTestCore(extra: Record<string, unknown> = {}): Promise<TestCore> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'core-test-'));
  const core = await startCore(
    CoreConfigSchema.parse({ http: { addr: '127.0.0.1:0' }, database: { url: database.url }, dataDir, ...extra }),
    createLogger('core', process.env.TEST_LOG_LEVEL ?? 'silent'),
  );
  return {
    ...core,
    databaseUrl: database.url,
    async stop() {
      await core.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const basic = (u: string, p: string) => ({ Authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
