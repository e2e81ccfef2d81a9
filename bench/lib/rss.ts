// Resident memory of a registry process from /proc/<pid>/status: a sampler (VmRSS every 50 ms) for the
// peak during one operation, and VmHWM for the peak over the process's whole life.
import { readFileSync } from 'node:fs';

/** A field of /proc/<pid>/status in MiB (the kernel reports kB), or NaN when the process is gone. */
export function statusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export interface RssPeak {
  peakMiB: number;
  samples: number;
}

/** Samples VmRSS of `pid` every `intervalMs` while `work` runs; resolves with work's result and the peak. */
export async function withRssPeak<T>(pid: number, work: () => Promise<T>, intervalMs = 50): Promise<{ result: T; rss: RssPeak }> {
  let peak = statusMiB(pid, 'VmRSS');
  let samples = 1;
  const timer = setInterval(() => {
    const v = statusMiB(pid, 'VmRSS');
    if (!Number.isNaN(v)) {
      peak = Math.max(peak, v);
      samples++;
    }
  }, intervalMs);
  try {
    const result = await work();
    const last = statusMiB(pid, 'VmRSS');
    if (!Number.isNaN(last)) peak = Math.max(peak, last);
    return { result, rss: { peakMiB: peak, samples: samples + 1 } };
  } finally {
    clearInterval(timer);
  }
}
