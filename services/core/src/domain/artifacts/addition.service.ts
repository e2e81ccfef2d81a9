// Artifact additions (GET …/additions/{addition}) as Harbor's processors produce them: an image's build
// history from its config blob, a chart's values.yaml, README and dependencies from its chart archive.
// Content is fetched from the registry over HTTP, each read capped; no scan report exists yet, so the
// vulnerabilities addition is Harbor's empty answer.
import { MediaType, isIndexMediaType } from '@harbor/contracts';
import { ApiError } from '../../http/errors.js';
import type { ArtifactRecord } from '../../store/artifact.repo.js';
import { RegistryContentError, type RegistryContentRepo } from '../../store/registry-content.repo.js';
import { ChartArchiveError, chartDependencies, readChartArchive } from './chart-archive.js';

/** The additions the swagger's path enum allows; anything else is go-swagger's 422. */
export const ADDITION_NAMES = ['build_history', 'values.yaml', 'readme.md', 'dependencies', 'sbom', 'license', 'files'] as const;

/** go-swagger's check of the path parameter, made before any permission check. */
export function checkAdditionName(addition: string): void {
  if (!(ADDITION_NAMES as readonly string[]).includes(addition)) {
    throw new ApiError('UNPROCESSABLE_ENTITY', `addition in path should be one of [${ADDITION_NAMES.join(' ')}]`);
  }
}

export interface Addition {
  contentType: string;
  content: Buffer;
}

export const LIMITS = {
  manifest: 4 << 20,
  config: 8 << 20,
  chart: 16 << 20,
  chartUnpacked: 64 << 20,
};

const JSON_UTF8 = 'application/json; charset=utf-8';

type Descriptor = { mediaType?: unknown; digest?: unknown };

export class AdditionService {
  constructor(private readonly content: RegistryContentRepo) {}

  /** Harbor's empty vulnerability report (no scan has run). */
  vulnerabilities(): Addition {
    return { contentType: 'application/json', content: Buffer.from('{}') };
  }

  async get(artifact: ArtifactRecord, addition: string): Promise<Addition> {
    checkAdditionName(addition);
    const upper = addition.toUpperCase();
    try {
      if (isIndexMediaType(artifact.mediaType)) throw new ApiError('BAD_REQUEST', `addition ${upper} isn't supported`);
      if (artifact.mediaType === MediaType.OciConfig || artifact.mediaType === MediaType.DockerConfig) {
        if (addition !== 'build_history') throw new ApiError('BAD_REQUEST', `addition ${upper} isn't supported for IMAGE(manifest version 2)`);
        return await this.buildHistory(artifact);
      }
      if (artifact.mediaType === MediaType.HelmConfig) {
        if (addition !== 'values.yaml' && addition !== 'readme.md' && addition !== 'dependencies') {
          throw new ApiError('BAD_REQUEST', `addition ${upper} isn't supported for CHART`);
        }
        return await this.chart(artifact, addition);
      }
      throw new ApiError('BAD_REQUEST', `the processor for artifact ${artifact.type} not found, cannot get the addition`);
    } catch (err) {
      throw translate(err);
    }
  }

  private async manifest(artifact: ArtifactRecord): Promise<{ config?: Descriptor; layers?: Descriptor[] }> {
    const body = await this.content.manifest(artifact.repositoryName, artifact.digest, LIMITS.manifest);
    return parseJson(body, 'manifest') as { config?: Descriptor; layers?: Descriptor[] };
  }

  /** The config's `history`, re-encoded as Go's image-spec History (unknown keys and empty values dropped). */
  private async buildHistory(artifact: ArtifactRecord): Promise<Addition> {
    const manifest = await this.manifest(artifact);
    const digest = manifest.config?.digest;
    if (typeof digest !== 'string') throw new ApiError('UNPROCESSABLE_ENTITY', 'the manifest has no config');
    const config = parseJson(await this.content.blob(artifact.repositoryName, digest, LIMITS.config), 'config') as { history?: unknown };
    const history = Array.isArray(config?.history) ? config.history.map(historyEntry) : null;
    return { contentType: JSON_UTF8, content: Buffer.from(JSON.stringify(history)) };
  }

  private async chart(artifact: ArtifactRecord, addition: 'values.yaml' | 'readme.md' | 'dependencies'): Promise<Addition> {
    const manifest = await this.manifest(artifact);
    const layers = Array.isArray(manifest.layers) ? manifest.layers : [];
    const layer = layers.find((l) => l.mediaType === MediaType.HelmChartContent)
      ?? layers.find((l) => l.digest !== manifest.config?.digest);
    if (typeof layer?.digest !== 'string') throw new ApiError('NOT_FOUND', 'the chart has no content layer');
    const files = readChartArchive(await this.content.blob(artifact.repositoryName, layer.digest, LIMITS.chart), LIMITS.chartUnpacked);
    if (addition === 'values.yaml') return { contentType: 'text/plain; charset=utf-8', content: Buffer.from(files.values ?? '') };
    if (addition === 'readme.md') return { contentType: 'text/markdown; charset=utf-8', content: Buffer.from(files.readme ?? '') };
    return { contentType: JSON_UTF8, content: Buffer.from(JSON.stringify(chartDependencies(files))) };
  }
}

function historyEntry(h: unknown): Record<string, unknown> {
  const e = h && typeof h === 'object' ? (h as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const key of ['created', 'created_by', 'author', 'comment'] as const) {
    if (typeof e[key] === 'string' && e[key]) out[key] = e[key];
  }
  if (e.empty_layer === true) out.empty_layer = true;
  return out;
}

function parseJson(body: Buffer, what: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError('UNPROCESSABLE_ENTITY', `the artifact's ${what} is not valid JSON`);
  }
}

function translate(err: unknown): unknown {
  if (err instanceof RegistryContentError) {
    if (err.reason === 'not_found') return new ApiError('NOT_FOUND', err.message);
    if (err.reason === 'too_large') return new ApiError('UNPROCESSABLE_ENTITY', err.message);
    return new ApiError('SERVICE_UNAVAILABLE', err.message);
  }
  if (err instanceof ChartArchiveError) return new ApiError('UNPROCESSABLE_ENTITY', err.message);
  return err;
}
