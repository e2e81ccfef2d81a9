// The portal server's configuration: an optional YAML file, PORTAL_<SECTION>_<KEY> environment overrides,
// validated once by zod. The server only serves the console's built files.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { applyEnvOverrides, canonicalizeKeys, loadYamlFile, parseConfig, type Raw } from '@harbor/config';

/** The Vite build's output (services/portal/dist/web), the same from src/server and dist/server. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

export const PortalConfigSchema = z.object({
  log: z.object({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info') }).prefault({}),
  http: z.object({ addr: z.string().regex(/:\d+$/, 'must be [host]:port').default(':8080') }).prefault({}),
  /** The directory of the built console (index.html, assets/). */
  webRoot: z.string().min(1).default(DEFAULT_WEB_ROOT),
});
export type PortalConfig = z.infer<typeof PortalConfigSchema>;

const CAMEL_KEYS = ['webRoot'];

export function loadPortalConfig(path: string | undefined, env: NodeJS.ProcessEnv): Readonly<PortalConfig> {
  const raw: Raw = path ? loadYamlFile(path) : {};
  const merged = canonicalizeKeys(applyEnvOverrides(canonicalizeKeys(raw, CAMEL_KEYS) as Raw, env, 'PORTAL'), CAMEL_KEYS);
  return parseConfig(PortalConfigSchema, merged);
}
