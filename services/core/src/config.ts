// Core's configuration: an optional YAML file with CORE_<SECTION>_<KEY> environment overrides, plus the
// variables Harbor's operators know (HARBOR_ADMIN_PASSWORD, DATABASE_URL, EXT_ENDPOINT).
import { z } from 'zod';
import { applyEnvOverrides, canonicalizeKeys, loadYamlFile, parseConfig, type Raw } from '@harbor/config';

const CAMEL_KEYS = ['externalURL', 'registryURL', 'keyPrefix', 'ttlMinutes', 'dataDir', 'initialPassword', 'expirationMinutes', 'privateKey'];

export const CoreConfigSchema = z.object({
  log: z.object({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info') }).prefault({}),
  http: z.object({ addr: z.string().default(':8081') }).prefault({}),
  /** How clients reach the suite (the proxy), e.g. https://harbor.example.com; used in token realms. */
  externalURL: z.string().url().optional(),
  database: z.object({ url: z.string().min(1) }),
  /** Sessions of the web console (and, later, caches) live here. */
  redis: z.object({
    url: z.string().default('redis://127.0.0.1:6379/0'),
    keyPrefix: z.string().default('harbor:'),
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
