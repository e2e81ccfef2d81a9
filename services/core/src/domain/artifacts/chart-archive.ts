// Reading a Helm chart archive (the chart content layer, a gzipped tar) the way Helm's loader sees it:
// files at the chart's top level, below the archive's single top directory. Only what the API's chart
// additions need is kept: Chart.yaml, values.yaml, README.md and (apiVersion v1) requirements.yaml.
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';

export class ChartArchiveError extends Error {
  constructor(message: string, readonly tooLarge = false) {
    super(message);
    this.name = 'ChartArchiveError';
  }
}

export interface ChartFiles {
  chartYaml?: string;
  values?: string;
  readme?: string;
  requirements?: string;
}

const KEEP: Record<string, keyof ChartFiles> = {
  'CHART.YAML': 'chartYaml', 'VALUES.YAML': 'values', 'README.MD': 'readme', 'REQUIREMENTS.YAML': 'requirements',
};

function field(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
}

function size(block: Buffer): number {
  // GNU base-256 for large sizes; octal otherwise
  if (block[124] & 0x80) return Number(block.readBigUInt64BE(128));
  return parseInt(field(block, 124, 12).trim() || '0', 8);
}

/** Top-level files of the chart in the archive (names compared case-insensitively, as Harbor does). */
export function readChartArchive(tgz: Buffer, maxUnpacked: number): ChartFiles {
  let tar: Buffer;
  try {
    tar = gunzipSync(tgz, { maxOutputLength: maxUnpacked });
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ChartArchiveError(`the chart unpacks to more than ${maxUnpacked} bytes`, true);
    }
    throw new ChartArchiveError('the chart content is not a gzip archive');
  }
  const files: ChartFiles = {};
  let longName: string | undefined;
  for (let pos = 0; pos + 512 <= tar.length;) {
    const header = tar.subarray(pos, pos + 512);
    if (header.every((b) => b === 0)) break;
    const length = size(header);
    if (!Number.isSafeInteger(length) || length < 0) throw new ChartArchiveError('the chart archive is malformed');
    const type = String.fromCharCode(header[156] || 0x30);
    const body = tar.subarray(pos + 512, pos + 512 + length);
    pos += 512 + Math.ceil(length / 512) * 512;
    if (type === 'L') {
      longName = field(body, 0, body.length);
      continue;
    }
    if (type === 'x') {
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1] ?? longName;
      continue;
    }
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    if (type !== '0' && type !== '\0' && type !== '7') continue;
    const parts = name.replace(/^\.\//, '').split('/');
    if (parts.length !== 2) continue;
    const key = KEEP[parts[1].toUpperCase()];
    if (key) files[key] = body.toString('utf8');
  }
  if (files.chartYaml === undefined) throw new ChartArchiveError('the chart archive has no Chart.yaml');
  return files;
}

/** Helm's `Dependency` as Go marshals it: its fields in order, empty optional ones left out. */
function dependencyJson(d: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { name: typeof d.name === 'string' ? d.name : '' };
  if (typeof d.version === 'string' && d.version) out.version = d.version;
  out.repository = typeof d.repository === 'string' ? d.repository : '';
  if (typeof d.condition === 'string' && d.condition) out.condition = d.condition;
  if (Array.isArray(d.tags) && d.tags.length) out.tags = d.tags.map(String);
  if (d.enabled === true) out.enabled = true;
  if (Array.isArray(d['import-values']) && d['import-values'].length) out['import-values'] = d['import-values'];
  if (typeof d.alias === 'string' && d.alias) out.alias = d.alias;
  return out;
}

function yamlObject(text: string | undefined, what: string): Record<string, unknown> {
  if (text === undefined) return {};
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    throw new ChartArchiveError(`the chart's ${what} is not valid YAML`);
  }
  return doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
}

/** The chart's dependencies: Chart.yaml's for apiVersion v2, requirements.yaml's for v1. */
export function chartDependencies(files: ChartFiles): Array<Record<string, unknown>> {
  const chart = yamlObject(files.chartYaml, 'Chart.yaml');
  const source = chart.apiVersion === 'v2' ? chart.dependencies
    : chart.apiVersion === 'v1' ? yamlObject(files.requirements, 'requirements.yaml').dependencies : undefined;
  if (!Array.isArray(source)) return [];
  return source.filter((d): d is Record<string, unknown> => !!d && typeof d === 'object' && !Array.isArray(d)).map(dependencyJson);
}
