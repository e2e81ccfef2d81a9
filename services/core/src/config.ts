// Core's configuration: an optional YAML file with CORE_<SECTION>_<KEY> environment overrides, plus the
// variables Harbor's operators know (HARBOR_ADMIN_PASSWORD, DATABASE_URL, EXT_ENDPOINT).
import { z } from 'zod';
import { applyEnvOverrides, canonicalizeKeys, loadYamlFile, parseConfig, type Raw } from '@harbor/config';

const CAMEL_KEYS = ['externalURL', 'registryURL', 'keyPrefix', 'ttlMinutes', 'dataDir', 'initialPassword', 'expirationMinutes', 'privateKey',
  'projectCreationRestriction', 'selfRegistration', 'robotTokenDuration', 'robotNamePrefix', 'readOnly', 'notificationEnable',
  'quotaPerProjectEnable', 'storagePerProject', 'cacheSeconds',
  'batchSize', 'blockMs', 'claimIdleMs', 'sentinelMasterSet'];

export const CoreConfigSchema = z.object({
  log: z.object({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info') }).prefault({}),
  http: z.object({ addr: z.string().default(':8081') }).prefault({}),
  /** How clients reach the suite (the proxy), e.g. https://harbor.example.com; used in token realms. */
  externalURL: z.string().url().optional(),
  database: z.object({ url: z.string().min(1) }),
  /**
   * Console sessions, the login limiter and the registry's event stream use `url`. The job queues shared
   * with the jobservice go through Sentinel when `sentinels` (`host:port`, comma-separated in the
   * environment) and `sentinelMasterSet` are given; for them `url` then only names the password and db.
   */
  redis: z.object({
    url: z.string().default('redis://127.0.0.1:6379/0'),
    keyPrefix: z.string().default('harbor:'),
    sentinels: z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v), z.array(z.string()).optional()),
    sentinelMasterSet: z.string().optional(),
  }).prefault({}),
  /**
   * The registry's artifact events: the Redis stream `<redis.keyPrefix><stream>` (the registry's
   * `redis.keyprefix` + `redis.events.stream`), read in consumer group `group` by every core replica.
   */
  events: z.object({
    enabled: z.boolean().default(true),
    stream: z.string().min(1).default('events'),
    group: z.string().min(1).default('core'),
    batchSize: z.number().int().positive().max(10_000).default(500),
    blockMs: z.number().int().positive().default(5_000),
    /** Entries pending this long (their consumer died, or processing failed) are taken over. */
    claimIdleMs: z.number().int().positive().default(60_000),
    /** After a partial batch, the wait before reading again: busy streams are handled in few large batches. */
    lingerMs: z.number().int().min(0).max(10_000).default(200),
  }).prefault({}),
  session: z.object({ ttlMinutes: z.number().int().positive().default(60) }).prefault({}),
  /** The registry as core reaches it internally (health checks). */
  registryURL: z.string().url().default('http://127.0.0.1:5000'),
  /** Where first-run material (the token signing key and certificate) is kept when no paths are given. */
  dataDir: z.string().default('.data/core'),
  admin: z.object({ initialPassword: z.string().min(1).default('Harbor12345') }).prefault({}),
  token: z.object({
    issuer: z.string().default('harbor-token-issuer'),
    service: z.string().default('harbor-registry'),
    expirationMinutes: z.number().int().positive().default(30),
    privateKey: z.string().optional(),
    certificate: z.string().optional(),
  }).prefault({}),
  /**
   * Defaults of the system settings (GET/PUT /api/v2.0/configurations) until an administrator changes
   * them; token_expiration defaults to token.expirationMinutes. `cacheSeconds`: how long a core replica
   * keeps the settings before reading them again (changes made through another replica show after it).
   */
  settings: z.object({
    projectCreationRestriction: z.enum(['everyone', 'adminonly']).default('everyone'),
    selfRegistration: z.boolean().default(false),
    robotTokenDuration: z.number().int().positive().max(2147483647).default(30),
    robotNamePrefix: z.string().min(1).refine((s) => !s.includes(':'), 'must not contain ":"').default('robot$'),
    readOnly: z.boolean().default(false),
    notificationEnable: z.boolean().default(true),
    quotaPerProjectEnable: z.boolean().default(true),
    storagePerProject: z.number().int().refine((n) => n === -1 || n > 0, 'must be -1 (unlimited) or a positive number of bytes').default(-1),
    cacheSeconds: z.number().min(0).default(5),
  }).prefault({}),
});
export type CoreConfig = z.infer<typeof CoreConfigSchema>;

export function loadCoreConfig(path: string | undefined, env: NodeJS.ProcessEnv): Readonly<CoreConfig> {
  const raw: Raw = path ? loadYamlFile(path) : {};
  const merged = canonicalizeKeys(applyEnvOverrides(canonicalizeKeys(raw, CAMEL_KEYS) as Raw, env, 'CORE'), CAMEL_KEYS) as Raw;
  const db = (merged.database ?? {}) as Raw;
  if (!db.url && env.DATABASE_URL) merged.database = { ...db, url: env.DATABASE_URL };
  const admin = (merged.admin ?? {}) as Raw;
  if (!admin.initialPassword && env.HARBOR_ADMIN_PASSWORD) merged.admin = { ...admin, initialPassword: env.HARBOR_ADMIN_PASSWORD };
  if (!merged.externalURL && env.EXT_ENDPOINT) merged.externalURL = env.EXT_ENDPOINT;
  return parseConfig(CoreConfigSchema, merged);
}
