// The jobservice's configuration: an optional YAML file, JOBSERVICE_<SECTION>_<KEY> environment overrides
// (DATABASE_URL honoured), validated once by zod. It needs the database (executions, tasks, what GC and
// retention read), Redis (the queues) and the registry's content store (what GC sweeps).
import { z } from 'zod';
import { applyEnvOverrides, canonicalizeKeys, loadYamlFile, parseConfig, type Raw } from '@harbor/config';
import { storageDrivers, storageSectionProblems } from '@harbor/storage';

const CAMEL_KEYS = ['keyPrefix', 'sentinelMasterSet', 'dataDir', 'maxLen'];

/** `{image: {scan: 4}, webhook: 8}` → `{IMAGE_SCAN: 4, WEBHOOK: 8}`. */
function flattenTypes(v: unknown, prefix = ''): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, child] of Object.entries(v)) {
    const key = (prefix ? `${prefix}_${k}` : k).toUpperCase();
    if (typeof child === 'object' && child !== null && !Array.isArray(child)) Object.assign(out, flattenTypes(child, key));
    else out[key] = child;
  }
  return out;
}

export const JobserviceConfigSchema = z.object({
  log: z.object({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info') }).prefault({}),
  /** Health and Prometheus metrics only (`/healthz`, `/metrics`); jobs arrive through Redis. */
  http: z.object({ addr: z.string().regex(/:\d+$/, 'must be [host]:port').default(':8083') }).prefault({}),
  database: z.object({ url: z.string().min(1) }),
  redis: z.object({
    url: z.string().default('redis://127.0.0.1:6379/0'),
    /** Sentinel nodes as `host:port` (comma-separated in the environment); then `url` only names the db. */
    sentinels: z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v), z.array(z.string()).optional()),
    sentinelMasterSet: z.string().optional(),
    password: z.string().optional(),
    keyPrefix: z.string().default('harbor:'),
  }).prefault({}),
  /** The stream core reads artifact events from (`<redis.keyPrefix><events.stream>`, as the registry's). */
  events: z.object({
    stream: z.string().min(1).default('events'),
    maxLen: z.number().int().positive().default(100_000),
  }).prefault({}),
  storage: z.object({
    filesystem: z.record(z.string(), z.unknown()).optional(),
    s3: z.record(z.string(), z.unknown()).optional(),
  }).loose().superRefine((s, ctx) => {
    for (const p of storageSectionProblems(s)) ctx.addIssue({ code: 'custom', path: p.key ? [p.key] : [], message: p.message });
  }).prefault({}),
  /**
   * How many jobs of each type this replica runs at once; absent types use their default. Keys are job
   * types in any case; from the environment JOBSERVICE_CONCURRENCY_IMAGE_SCAN=4 arrives split on `_` and
   * is joined back.
   */
  concurrency: z.preprocess((v) => flattenTypes(v), z.record(z.string(), z.coerce.number().int().positive())).default({}),
});
export type JobserviceConfig = z.infer<typeof JobserviceConfigSchema>;

export function loadJobserviceConfig(path: string | undefined, env: NodeJS.ProcessEnv): Readonly<JobserviceConfig> {
  const raw: Raw = path ? loadYamlFile(path) : {};
  const merged = canonicalizeKeys(applyEnvOverrides(canonicalizeKeys(raw, CAMEL_KEYS) as Raw, env, 'JOBSERVICE'), CAMEL_KEYS) as Raw;
  const db = (merged.database ?? {}) as Raw;
  if (!db.url && env.DATABASE_URL) merged.database = { ...db, url: env.DATABASE_URL };
  const storage = (merged.storage ?? {}) as Raw;
  if (storageDrivers(storage).length === 0) merged.storage = { ...storage, filesystem: { rootdirectory: '/var/lib/registry' } };
  return parseConfig(JobserviceConfigSchema, merged);
}
