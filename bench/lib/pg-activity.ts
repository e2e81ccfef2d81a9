// PostgreSQL connections of the suite's database, sampled from pg_stat_activity every ~100 ms while a
// phase runs: the peak in total, per application (the registry names its pool `harbor-registry`; core's
// Prisma pool sets no name) and of connections busy at once. Also the pool sizes the services are
// configured with, read from their source so the report says what the peak is measured against.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const UNNAMED = 'core (unnamed Prisma pool)';

export interface PgPeak {
  /** Most connections to the database at one sample. */
  total: number;
  /** Most connections in state `active` at one sample. */
  active: number;
  /** Per application_name, the most seen at one sample. */
  byApplication: Record<string, number>;
  samples: number;
}

export interface PgSampler {
  stop(): Promise<PgPeak>;
}

export async function samplePgActivity(databaseUrl: string, intervalMs = 100): Promise<PgSampler> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'harbor-bench-sampler' });
  client.on('error', () => undefined);
  await client.connect();
  const peak: PgPeak = { total: 0, active: 0, byApplication: {}, samples: 0 };
  let running = true;
  const sample = async () => {
    const { rows } = await client.query<{ app: string; n: number; active: number }>(
      `SELECT coalesce(nullif(application_name, ''), $1) AS app, count(*)::int AS n,
              (count(*) FILTER (WHERE state = 'active'))::int AS active
       FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY 1`, [UNNAMED]);
    peak.samples++;
    peak.total = Math.max(peak.total, rows.reduce((s, r) => s + r.n, 0));
    peak.active = Math.max(peak.active, rows.reduce((s, r) => s + r.active, 0));
    for (const r of rows) peak.byApplication[r.app] = Math.max(peak.byApplication[r.app] ?? 0, r.n);
  };
  const loop = (async () => {
    while (running) {
      const t0 = Date.now();
      await sample().catch(() => undefined);
      await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - t0))));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end().catch(() => undefined);
      return peak;
    },
  };
}

function grab(file: string, re: RegExp): number | null {
  try {
    const m = re.exec(readFileSync(join(ROOT, file), 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function coreSetsPoolSize(): boolean {
  try {
    return /createPrismaClient\([^)]*poolSize/.test(readFileSync(join(ROOT, 'services/core/src/server.ts'), 'utf8'));
  } catch {
    return true;
  }
}

/** Pool sizes as the services' source sets them (null when the pattern is no longer found). */
export function configuredPoolSizes(): { core: number | null; registry: number | null } {
  return {
    // core builds its Prisma client without a poolSize, so the adapter's default applies (unless it sets one)
    core: coreSetsPoolSize() ? null : grab('packages/db/src/pg-adapter.ts', /max:\s*opts\.poolSize\s*\?\?\s*(\d+)/),
    registry: grab('services/registry/src/server.ts', /createPool\([^)]*max:\s*(\d+)/),
  };
}
