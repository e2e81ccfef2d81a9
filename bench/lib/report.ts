// The results: per-figure samples for both registries, medians, the ours/theirs ratio, the issue's
// targets judged PASS/MISS, a printed table and bench/results/latest.json. A miss is reported, never
// turned into a failing exit code: the benchmark informs, CI does not gate on it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import type { Side } from './registries.js';

/** `ratio`: median ours/theirs (oriented so higher is better) at least `min`; `max`: ours at most `value`. */
/** A ratio against distribution, or an absolute bound: at most `value`, or below it when `strict`. */
export type Goal = { kind: 'ratio'; min: number } | { kind: 'max'; value: number; strict?: boolean };

export interface Figure {
  key: string;
  label: string;
  unit: string;
  /** false for time and memory, where the ratio is still printed as ours/theirs. */
  higherIsBetter: boolean;
  goal?: Goal;
  samples: Record<Side, number[]>;
}

export interface FigureSummary {
  key: string;
  label: string;
  unit: string;
  ours: number;
  theirs: number;
  /** median(ours) / median(theirs). */
  ratio: number;
  target: string | null;
  pass: boolean | null;
  samples: Record<Side, number[]>;
}

export function median(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export class Results {
  readonly figures = new Map<string, Figure>();
  readonly notes: string[] = [];

  define(key: string, label: string, unit: string, higherIsBetter: boolean, goal?: Goal): void {
    this.figures.set(key, { key, label, unit, higherIsBetter, goal, samples: { ours: [], theirs: [] } });
  }

  add(key: string, side: Side, value: number): void {
    const f = this.figures.get(key);
    if (!f) throw new Error(`undefined figure ${key}`);
    f.samples[side].push(value);
  }

  summarize(): FigureSummary[] {
    return [...this.figures.values()].map((f) => {
      const ours = median(f.samples.ours);
      const theirs = median(f.samples.theirs);
      const ratio = ours / theirs;
      let target: string | null = null;
      let pass: boolean | null = null;
      const measured = Number.isFinite(ours) && Number.isFinite(theirs);
      if (f.goal?.kind === 'max' && Number.isFinite(ours)) {
        // an absolute target needs only our figure (some figures have no counterpart in distribution)
        target = `ours ${f.goal.strict ? '<' : '≤'} ${f.goal.value} ${f.unit}`;
        pass = f.goal.strict ? ours < f.goal.value : ours <= f.goal.value;
      } else if (!measured) {
        // a skipped phase (BENCH_PHASES): nothing to judge
      } else if (f.goal?.kind === 'ratio') {
        const better = f.higherIsBetter ? ratio : 1 / ratio;
        target = `≥ ${f.goal.min}× theirs`;
        pass = better >= f.goal.min;
      }
      return { key: f.key, label: f.label, unit: f.unit, ours, theirs, ratio, target, pass, samples: f.samples };
    });
  }
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (Math.abs(n) >= 1000) return n.toFixed(0);
  if (Math.abs(n) >= 100) return n.toFixed(1);
  return n.toFixed(2);
}

export function printTable(rows: FigureSummary[], out: (line: string) => void = console.log): void {
  const header = ['figure', 'unit', 'ours', 'theirs', 'ours/theirs', 'target', 'result'];
  const body = rows.map((r) => [
    r.label,
    r.unit,
    fmt(r.ours),
    fmt(r.theirs),
    Number.isFinite(r.ratio) ? `${fmt(r.ratio)}×` : '–',
    r.target ?? '',
    r.pass === null ? '' : r.pass ? 'PASS' : 'MISS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  out(line(header));
  out(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) out(line(row));
}

export function writeJson(path: string, rows: FigureSummary[], meta: Record<string, unknown>, notes: string[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const doc = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryMiB: Math.round(totalmem() / 2 ** 20), node: process.version },
    ...meta,
    figures: rows,
    notes,
  };
  writeFileSync(path, JSON.stringify(doc, null, 2) + '\n');
}
