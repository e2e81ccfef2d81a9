// The proxy's configuration: an optional YAML file, PROXY_<SECTION>_<KEY> environment overrides, validated
// once by zod. The proxy is the suite's single entry point (Harbor's nginx), so everything here is about
// listening, TLS and where each URL prefix goes.
import { z } from 'zod';
import { applyEnvOverrides, DurationSchema, canonicalizeKeys, loadYamlFile, parseConfig, parseListenAddress, type Raw } from '@harbor/config';

const Duration = DurationSchema;

const UpstreamUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

const TlsSchema = z.object({
  enabled: z.boolean().default(false),
  /** PEM certificate (chain) path. */
  certificate: z.string().min(1).optional(),
  /** PEM private key path. */
  privateKey: z.string().min(1).optional(),
  /** The HTTPS listener's port (on the host of `http.addr`); the plain port then only redirects. */
  port: z.number().int().min(0).max(65535).default(8443),
  /** Create a self-signed certificate and key on first run when the files do not exist. */
  generateSelfSigned: z.boolean().default(false),
}).refine((t) => !t.enabled || t.generateSelfSigned || (t.certificate && t.privateKey), {
  message: 'tls.enabled needs tls.certificate and tls.privateKey, or tls.generateSelfSigned',
});

export const ProxyConfigSchema = z.object({
  log: z.object({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info') })
    .prefault({}),
  http: z.object({ addr: z.string().regex(/:\d+$/, 'must be [host]:port').default(':8080') }).prefault({}),
  /** The URL clients use to reach the suite; its host names a generated certificate. */
  externalURL: UpstreamUrl.optional(),
  upstreams: z.object({
    core: UpstreamUrl,
    registry: UpstreamUrl,
    /** Absent until the portal is deployed: `/` then answers 503. */
    portal: UpstreamUrl.optional(),
  }),
  tls: TlsSchema.prefault({}),
  /** Keep (and append to) X-Forwarded-* from the client: only behind another trusted proxy. */
  trustForwardedHeaders: z.boolean().default(false),
  /** Idle timeouts: nginx's 900 s on the registry (large layers), its 60 s default elsewhere. */
  timeouts: z.object({ registry: Duration.default(900_000), default: Duration.default(60_000) }).prefault({}),
  /** Where generated state (the self-signed certificate) lives. */
  dataDir: z.string().min(1).default('.data/proxy'),
});
export type ProxyConfig = z.infer<typeof ProxyConfigSchema>;
export type ProxyConfigInput = z.input<typeof ProxyConfigSchema>;

const CAMEL_KEYS = ['externalURL', 'trustForwardedHeaders', 'privateKey', 'generateSelfSigned', 'dataDir'];

/** Reads the YAML file (if any), applies environment overrides, validates. */
export function loadProxyConfig(path: string | undefined, env: NodeJS.ProcessEnv): Readonly<ProxyConfig> {
  const raw: Raw = path ? loadYamlFile(path) : {};
  const merged = canonicalizeKeys(applyEnvOverrides(canonicalizeKeys(raw, CAMEL_KEYS) as Raw, env, 'PROXY'), CAMEL_KEYS);
  return parseConfig(ProxyConfigSchema, merged);
}

export { parseListenAddress };
