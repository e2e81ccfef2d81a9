// Many pushes at once, as a CI fleet does: `count` distinct tiny images started together, each as a
// client does it — a token from the token service with Basic credentials, then blob uploads (POST + PUT)
// for layer and config and the manifest PUT — spread over a few repositories of one project. Every push
// must succeed; the figures are the wall time of the whole burst and per-push and per-token latencies.
import { performance } from 'node:perf_hooks';
import { tinyImage } from './image.js';
import type { Target } from './registries.js';
import { median } from './report.js';
import { putManifest, uploadBlob } from './seed.js';
import { basicHeader, repoScope, type Creds } from './suite-stack.js';

export interface BurstStats {
  ok: number;
  failed: number;
  wallSeconds: number;
  pushP50Ms: number;
  pushP99Ms: number;
  tokenP50Ms: number;
  tokenP99Ms: number;
  /** The first few distinct failure messages. */
  errors: string[];
}

export function percentile(values: number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  return v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)];
}

/** A token from a realm the way docker asks for one: GET with Basic and the repository scope. */
export async function fetchToken(realm: string, service: string, c: Creds, repo: string): Promise<string> {
  const q = new URLSearchParams({ service, account: c.username, scope: repoScope(repo) });
  const res = await fetch(`${realm}?${q}`, { headers: { authorization: basicHeader(c) } });
  const body = (await res.json().catch(() => ({}))) as { token?: string };
  if (res.status !== 200 || !body.token) throw new Error(`token: HTTP ${res.status}`);
  return body.token;
}

export interface BurstOptions {
  target: Target;
  realm: string;
  service: string;
  creds: Creds;
  project: string;
  count: number;
  /** Pushes are spread over this many repositories (`<project>/burst-N`), tags `t<i>`. */
  repositories: number;
}

export async function pushBurst(o: BurstOptions): Promise<BurstStats> {
  const images = Array.from({ length: o.count }, () => tinyImage());
  const pushTimes: number[] = [];
  const tokenTimes: number[] = [];
  const errors = new Set<string>();
  const one = async (i: number) => {
    const repo = `${o.project}/burst-${i % o.repositories}`;
    const t0 = performance.now();
    const token = await fetchToken(o.realm, o.service, o.creds, repo);
    tokenTimes.push(performance.now() - t0);
    await uploadBlob(o.target, repo, images[i].layer, token);
    await uploadBlob(o.target, repo, images[i].config, token);
    await putManifest(o.target, repo, `t${i}`, images[i], token);
    pushTimes.push(performance.now() - t0);
  };
  const t0 = performance.now();
  const settled = await Promise.allSettled(images.map((_, i) => one(i)));
  const wallSeconds = (performance.now() - t0) / 1000;
  for (const s of settled) if (s.status === 'rejected') errors.add(String((s.reason as Error)?.message ?? s.reason).slice(0, 200));
  const failed = settled.filter((s) => s.status === 'rejected').length;
  return {
    ok: o.count - failed, failed, wallSeconds,
    pushP50Ms: median(pushTimes), pushP99Ms: percentile(pushTimes, 99),
    tokenP50Ms: median(tokenTimes), tokenP99Ms: percentile(tokenTimes, 99),
    errors: [...errors].slice(0, 5),
  };
}

/** Checks every pushed tag is there: tags/list of each repository holds exactly its share of `t<i>`. */
export async function verifyBurst(o: BurstOptions, pullToken: (repo: string) => Promise<string>): Promise<number> {
  let found = 0;
  for (let r = 0; r < o.repositories; r++) {
    const repo = `${o.project}/burst-${r}`;
    const res = await fetch(`${o.target.url}/v2/${repo}/tags/list?n=10000`, { headers: { authorization: `Bearer ${await pullToken(repo)}` } });
    const body = (await res.json().catch(() => ({}))) as { tags?: string[] };
    found += (body.tags ?? []).filter((t) => /^t\d+$/.test(t)).length;
  }
  return found;
}

/**
 * Waits until a token answers within `okMs` again (at most `maxMs`): token requests the clients gave up
 * on are still worked through by the server, and the next phase must not measure that backlog.
 */
export async function settleTokens(realm: string, service: string, c: Creds, repo: string, okMs = 1_500, maxMs = 180_000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const t = performance.now();
    await fetchToken(realm, service, c, repo).catch(() => undefined);
    if (performance.now() - t < okMs || performance.now() - t0 > maxMs) return (performance.now() - t0) / 1000;
  }
}

