// Configuration loading shared by every service: an optional YAML file, environment overrides in
// distribution's style (PREFIX_SECTION_KEY → section.key), validated once by a zod schema.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export type Raw = Record<string, unknown>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function loadYamlFile(path: string): Raw {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([`cannot read ${path}: ${(err as Error).message}`]);
  }
  const doc = parseYaml(text) ?? {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError([`${path}: top level must be a mapping`]);
  return doc as Raw;
}

/**
 * A value from the environment is read as a YAML scalar, so `true` and `5` keep their types; a flow
 * collection only when written as one (`[a, b]`, `{k: v}`). Anything else stays the string it is, e.g.
 * `prefix:` or `a: b`, which YAML would read as a mapping.
 */
function envValue(text: string): unknown {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch {
    return text;
  }
  if (value === null) return /^\s*(null|~)\s*$/i.test(text) ? null : text;
  if (typeof value === 'object' && !/^\s*[[{]/.test(text)) return text;
  return value;
}

/**
 * Applies `PREFIX_A_B_C=value` as `a.b.c = value` (keys lower-cased). A section given a string value
 * where it held a mapping (e.g. `REGISTRY_STORAGE=s3`) selects that key as the new section content, as
 * distribution does for the storage driver.
 */
export function applyEnvOverrides(raw: Raw, env: NodeJS.ProcessEnv, prefix: string): Raw {
  const out: Raw = structuredClone(raw);
  const names = Object.keys(env)
    .filter((k) => k.startsWith(`${prefix}_`) && env[k] !== undefined)
    .sort((a, b) => a.length - b.length);
  for (const name of names) {
    const path = name.slice(prefix.length + 1).toLowerCase().split('_').filter(Boolean);
    if (path.length === 0) continue;
    const value = envValue(env[name] as string);
    let node: Raw = out;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Raw;
    }
    const last = path[path.length - 1];
    if (typeof value === 'string' && typeof node[last] === 'object' && node[last] !== null && path.length === 1) {
      const previous = node[last] as Raw;
      const kept: Raw = { [value]: previous[value] ?? {} };
      for (const [k, v] of Object.entries(previous)) if (!isDriverSection(k)) kept[k] = v;
      node[last] = kept;
    } else {
      node[last] = value;
    }
  }
  return out;
}

const DRIVER_NAMES = new Set(['filesystem', 's3', 'inmemory', 'azure', 'gcs', 'swift', 'oss']);
function isDriverSection(key: string): boolean {
  return DRIVER_NAMES.has(key);
}

/** Validates with the schema, failing fast with every bad key named. */
export function parseConfig<S extends z.ZodType>(schema: S, raw: unknown): Readonly<z.infer<S>> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return deepFreeze(result.data);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Parses durations in Go's style as distribution's config uses them: `168h`, `24h30m`, `10s`, `500ms`. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') return value;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of value.matchAll(re)) {
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
    consumed += m[0].length;
  }
  if (consumed !== value.length || consumed === 0) throw new ConfigError([`invalid duration: ${value}`]);
  return total;
}

/**
 * Environment overrides arrive lower-cased (PREFIX_EXTERNALURL → externalurl): maps them, and any
 * lower-cased YAML key, onto the schema's camelCase names given in `camelKeys`.
 */
export function canonicalizeKeys(node: unknown, camelKeys: readonly string[]): unknown {
  const canonical = new Map(camelKeys.map((k) => [k.toLowerCase(), k]));
  const walk = (n: unknown): unknown => {
    if (!n || typeof n !== 'object' || Array.isArray(n)) return n;
    const out: Raw = {};
    for (const [key, value] of Object.entries(n as Raw)) out[canonical.get(key.toLowerCase()) ?? key] = walk(value);
    return out;
  };
  return walk(node);
}

/** `:5000` → {host: '0.0.0.0', port: 5000}; `127.0.0.1:0` → loopback, any free port; `[::1]:80` → ::1. */
export function parseListenAddress(addr: string): { host: string; port: number } {
  const i = addr.lastIndexOf(':');
  const host = addr.slice(0, i).replace(/^\[|\]$/g, '') || '0.0.0.0';
  return { host, port: Number(addr.slice(i + 1)) };
}

/** A zod schema for a Go-style duration (`168h`, `10s`) or milliseconds, parsed to milliseconds. */
export const DurationSchema = z.union([z.string(), z.number()]).transform((v, ctx) => {
  try {
    return parseDuration(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: `invalid duration ${v}` });
    return z.NEVER;
  }
});
