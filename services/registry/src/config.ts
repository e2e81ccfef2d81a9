// The registry's configuration: distribution's config.yml keys (so a distribution config file starts it
// unchanged), REGISTRY_<SECTION>_<KEY> environment overrides, plus DATABASE_URL.
import { z } from 'zod';
import { applyEnvOverrides, DurationSchema, loadYamlFile, parseConfig, parseListenAddress, type Raw } from '@harbor/config';
import { storageDrivers, storageSectionProblems } from '@harbor/storage';

const Duration = DurationSchema;

const FilesystemSchema = z.object({ rootdirectory: z.string().default('/var/lib/registry') }).loose();
const S3Schema = z.object({
  region: z.string().default('us-east-1'),
  regionendpoint: z.string().optional(),
  bucket: z.string(),
  accesskey: z.string().optional(),
  secretkey: z.string().optional(),
  secure: z.boolean().optional(),
  rootdirectory: z.string().optional(),
  forcepathstyle: z.boolean().optional(),
  chunksize: z.number().int().positive().optional(),
}).loose();

const StorageSchema = z.object({
  filesystem: FilesystemSchema.optional(),
  s3: S3Schema.optional(),
  delete: z.object({ enabled: z.boolean().default(false) }).prefault({}),
  redirect: z.object({ disable: z.boolean().default(false) }).prefault({}),
  maintenance: z.object({
    uploadpurging: z.object({
      enabled: z.boolean().default(true),
      age: Duration.default(168 * 3_600_000),
      interval: Duration.default(24 * 3_600_000),
      dryrun: z.boolean().default(false),
    }).prefault({}),
  }).loose().prefault({}),
}).loose().superRefine((s, ctx) => {
  for (const p of storageSectionProblems(s)) ctx.addIssue({ code: 'custom', path: p.key ? [p.key] : [], message: p.message });
});

const TokenSchema = z.object({
  realm: z.string().url(),
  service: z.string().min(1),
  issuer: z.string().min(1),
  rootcertbundle: z.string().min(1),
  autoredirect: z.boolean().optional(),
  /**
   * Where the registry exchanges Basic credentials sent to /v2/ for a token (defaults to realm). Set it
   * when the realm's external address is not reachable from the registry (e.g. core's in-cluster URL).
   */
  exchangeurl: z.string().url().optional(),
  /** Accept Basic credentials on /v2/ by exchanging them at the token service (Harbor does). */
  basic: z.boolean().default(true),
});

/**
 * Redis as distribution configures it (`addr`, `password`, `db`), plus a key prefix shared with the rest of
 * the suite and the stream artifact events are published to (key `<keyprefix><events.stream>`). Without
 * an address no events are published.
 */
const RedisSchema = z.object({
  addr: z.string().default(''),
  password: z.union([z.string(), z.number()]).transform(String).optional(),
  db: z.coerce.number().int().min(0).default(0),
  dialtimeout: Duration.optional(),
  tls: z.object({ enabled: z.boolean().default(false) }).loose().optional(),
  keyprefix: z.string().default('harbor:'),
  events: z.object({
    stream: z.string().min(1).default('events'),
    /** Approximate length the stream is trimmed to (XADD MAXLEN ~). */
    maxlen: z.number().int().positive().default(100_000),
    /** Events held in memory while Redis is slow or away; beyond this they are dropped (and counted). */
    buffer: z.number().int().positive().default(10_000),
  }).prefault({}),
}).loose();

export const RegistryConfigSchema = z.object({
  version: z.union([z.string(), z.number()]).optional(),
  log: z.object({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info') }).loose()
    .prefault({}),
  http: z.object({
    addr: z.string().default(':5000'),
    prefix: z.string().optional(),
    debug: z.object({ addr: z.string().optional() }).loose().optional(),
  }).loose().prefault({}),
  storage: StorageSchema,
  auth: z.object({ token: TokenSchema.optional() }).loose().optional(),
  database: z.object({ url: z.string().min(1) }),
  redis: RedisSchema.optional(),
});
export type RegistryConfig = z.infer<typeof RegistryConfigSchema>;

/** Reads the YAML file (if any), applies environment overrides, validates. */
export function loadRegistryConfig(path: string | undefined, env: NodeJS.ProcessEnv): Readonly<RegistryConfig> {
  const raw: Raw = path ? loadYamlFile(path) : {};
  const merged = applyEnvOverrides(raw, env, 'REGISTRY');
  const db = (merged.database ?? {}) as Raw;
  if (!db.url && env.DATABASE_URL) merged.database = { ...db, url: env.DATABASE_URL };
  const storage = (merged.storage ?? {}) as Raw;
  if (storageDrivers(storage).length === 0) merged.storage = { ...storage, filesystem: {} };
  return parseConfig(RegistryConfigSchema, merged);
}

export { parseListenAddress };
