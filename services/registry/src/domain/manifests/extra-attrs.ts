// An artifact's extra attributes (artifact.extra_attrs), abstracted from its config blob at push as
// Harbor's artifact processors do: for images the platform, author, creation time and run config; for
// Helm charts the chart's metadata (the whole config). Indexes and other artifacts have none (an index's
// children carry their own platform).
import { MediaType, parseDigest, type Descriptor } from '@harbor/contracts';
import type { StorageDriver } from '@harbor/storage';
import { blobDataPath } from '../../store/paths.js';

/** Config blobs larger than this are not read; real image and chart configs are a few KiB. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export type ExtraAttrs = Record<string, unknown>;

const IMAGE_CONFIGS = new Set<string>([MediaType.OciConfig, MediaType.DockerConfig]);
// Labels Harbor reads the author from when the config names none.
const AUTHOR_LABELS = ['org.opencontainers.image.authors', 'maintainer'];

/** Whether artifacts whose config has this media type get extra attributes. */
export function hasExtraAttrs(config: Descriptor | null): config is Descriptor {
  return config !== null && (IMAGE_CONFIGS.has(config.mediaType) || config.mediaType === MediaType.HelmConfig);
}

/** Extra attributes from a config blob's bytes; null when the config is not a JSON object. */
export function abstractExtraAttrs(configMediaType: string, content: Buffer | null): ExtraAttrs | null {
  let doc: Record<string, unknown> = {};
  if (content && content.length) {
    try {
      const parsed: unknown = JSON.parse(content.toString('utf8'));
      if (!isObject(parsed)) return null;
      doc = stripNul(parsed) as Record<string, unknown>;
    } catch {
      return null;
    }
  }
  if (configMediaType === MediaType.HelmConfig) return doc;
  const runConfig = isObject(doc.config) ? doc.config : {};
  const labels = isObject(runConfig.Labels) ? runConfig.Labels : {};
  let author = typeof doc.author === 'string' ? doc.author : '';
  if (!author) author = AUTHOR_LABELS.map((k) => labels[k]).find((v): v is string => typeof v === 'string' && v.length > 0) ?? '';
  return {
    architecture: typeof doc.architecture === 'string' ? doc.architecture : '',
    os: typeof doc.os === 'string' ? doc.os : '',
    author,
    created: typeof doc.created === 'string' ? doc.created : null,
    config: runConfig,
  };
}

/**
 * Reads the config blob (already verified present) and abstracts it. Never throws: an artifact whose
 * config cannot be read or parsed is stored without extra attributes rather than refused.
 */
export async function readExtraAttrs(storage: StorageDriver, config: Descriptor | null): Promise<ExtraAttrs | null> {
  if (!hasExtraAttrs(config) || config.size > MAX_CONFIG_BYTES) return null;
  try {
    if (config.size === 0) return abstractExtraAttrs(config.mediaType, null);
    const digest = parseDigest(config.digest);
    if (!digest) return null;
    const content = await storage.getContent(blobDataPath(digest));
    if (content.length > MAX_CONFIG_BYTES) return null;
    return abstractExtraAttrs(config.mediaType, content);
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** PostgreSQL's jsonb cannot hold U+0000: drop it from keys and strings. */
function stripNul(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  if (Array.isArray(value)) return value.map(stripNul);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k.replaceAll('\u0000', '')] = stripNul(v);
    return out;
  }
  return value;
}
