// The retention rule templates (Harbor's src/pkg/retention/policy/rule/*): each keeps some of the
// candidates its rule's selectors let through. Parameters are named after the template; a value that is
// not a non-negative number falls back to the template's default (a fraction is cut, as Go's int()
// does), and a missing one makes the rule unusable, as in Harbor.
import { PolicyError } from '../selectors.js';

/** What the templates look at; times in epoch milliseconds, null when it never happened. */
export interface TimedCandidate {
  pushTime: Date | number | null;
  pullTime: Date | number | null;
}

export type RetentionTemplate =
  | 'latestPushedK' | 'latestPulledN' | 'latestActiveK' | 'lastXDays' | 'nDaysSinceLastPush' | 'nDaysSinceLastPull' | 'always';

interface TemplateSpec {
  /** The parameter's default; none for templates without one. */
  default?: number;
  /** The largest value the API accepts (Harbor's `Valid`). */
  max?: number;
  unit?: 'count' | 'days';
}

const COUNT_MAX = 32_766; // below math.MaxInt16
const DAYS_MAX = 20_190_904;

export const RETENTION_TEMPLATES: Readonly<Record<RetentionTemplate, TemplateSpec>> = {
  latestPushedK: { default: 10, max: COUNT_MAX, unit: 'count' },
  latestPulledN: { default: 10, max: COUNT_MAX, unit: 'count' },
  latestActiveK: { default: 10, max: COUNT_MAX, unit: 'count' },
  lastXDays: { default: 10, max: DAYS_MAX, unit: 'days' },
  nDaysSinceLastPush: { default: 30, max: DAYS_MAX, unit: 'days' },
  nDaysSinceLastPull: { default: 30, max: DAYS_MAX, unit: 'days' },
  always: {},
};

export function isRetentionTemplate(t: unknown): t is RetentionTemplate {
  return typeof t === 'string' && Object.hasOwn(RETENTION_TEMPLATES, t);
}

const DAY_MS = 86_400_000;
/** Go's zero time in Unix seconds: what Harbor compares for a tag never pulled. */
const NEVER = -62_135_596_800;

/** Harbor compares whole Unix seconds. */
function seconds(t: Date | number | null): number {
  if (t === null) return NEVER;
  const ms = typeof t === 'number' ? t : t.getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : NEVER;
}

/** The parameter of a template, or its default; throws when the rule does not carry it at all. */
export function templateParameter(template: RetentionTemplate, params: Record<string, unknown> | undefined): number {
  const spec = RETENTION_TEMPLATES[template];
  if (spec.default === undefined) return 0;
  if (!params || !Object.hasOwn(params, template)) throw new PolicyError(`missing required parameter ${template} for rule ${template}`);
  const v = params[template];
  if (typeof v === 'number' && Number.isFinite(v) && Math.trunc(v) >= 0) return Math.trunc(v) || 0;
  return spec.default;
}

/** Why the parameters cannot be saved (Harbor's `Valid`), or null. */
export function templateParameterError(template: RetentionTemplate, params: Record<string, unknown> | undefined): string | null {
  const spec = RETENTION_TEMPLATES[template];
  if (spec.default === undefined) return null;
  if (!params || !Object.hasOwn(params, template)) return `missing required parameter ${template} for rule ${template}`;
  const v = params[template];
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${template} type error`;
  if (v < 0) return `${template} is less than zero`;
  if (v > spec.max!) return `${template} is too large`;
  return null;
}

/** Sorts newest first without disturbing equal ones (Harbor's order among equals is arbitrary). */
function newestFirst<T>(items: readonly T[], time: (c: T) => number): T[] {
  return items.map((c, i) => ({ c, i, t: time(c) })).sort((a, b) => b.t - a.t || a.i - b.i).map((x) => x.c);
}

/** The candidates the template keeps, of those its rule's selectors let through. */
export function applyTemplate<T extends TimedCandidate>(
  template: RetentionTemplate, params: Record<string, unknown> | undefined, candidates: readonly T[], nowMs: number,
): T[] {
  const n = templateParameter(template, params);
  switch (template) {
    case 'always':
      return [...candidates];
    case 'latestPushedK':
      return newestFirst(candidates, (c) => seconds(c.pushTime)).slice(0, n);
    case 'latestPulledN':
      return newestFirst(candidates, (c) => seconds(c.pullTime)).slice(0, n);
    case 'latestActiveK':
      return newestFirst(candidates, (c) => Math.max(seconds(c.pushTime), seconds(c.pullTime))).slice(0, n);
    case 'lastXDays': {
      // pushed strictly after the cut-off, which keeps its milliseconds
      const cutoff = nowMs - n * DAY_MS;
      return candidates.filter((c) => seconds(c.pushTime) * 1000 > cutoff);
    }
    case 'nDaysSinceLastPush': {
      const min = Math.floor((nowMs - n * DAY_MS) / 1000);
      return candidates.filter((c) => seconds(c.pushTime) >= min);
    }
    case 'nDaysSinceLastPull': {
      const min = Math.floor((nowMs - n * DAY_MS) / 1000);
      return candidates.filter((c) => seconds(c.pullTime) >= min);
    }
  }
}
