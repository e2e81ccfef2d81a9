// How busy the machine was while a figure was measured: the share of all CPUs that was busy (from
// /proc/stat: PostgreSQL, Redis, this process and anything else running), and this process's own share.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface CpuWindow {
  /** Busy share of all CPUs over the window, 0–1 (NaN where /proc/stat is not readable). */
  machine: number;
  /** This process's CPU time over the window, as a share of all CPUs, 0–1. */
  self: number;
}

function procStat(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = v[3] + (v[4] ?? 0);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Starts a window; the function it returns ends it. */
export function cpuWindow(): () => CpuWindow {
  const s0 = procStat();
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const s1 = procStat();
    const u = process.cpuUsage(u0);
    const wallUs = (performance.now() - t0) * 1000;
    const machine = s0 && s1 && s1.total > s0.total ? (s1.busy - s0.busy) / (s1.total - s0.total) : Number.NaN;
    return { machine, self: (u.user + u.system) / (wallUs * cpus().length) };
  };
}

export const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : '?');
