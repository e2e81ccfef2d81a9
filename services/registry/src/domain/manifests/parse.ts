// Parses and validates a manifest body as one of the four accepted formats, and extracts what the index
// needs: referenced blobs, child manifests, subject, config media type and artifact type.
import {
  DockerManifestListSchema, DockerManifestSchema, MediaType, OciIndexSchema, OciManifestSchema,
  isIndexMediaType, isNonDistributable, type Descriptor,
} from '@harbor/contracts';
import type { z } from 'zod';
import { RegistryError } from '../../http/errors.js';

export interface ParsedManifest {
  mediaType: string;
  isIndex: boolean;
  configMediaType: string;
  /** The config descriptor of an image manifest; null for indexes. */
  config: Descriptor | null;
  artifactType: string | null;
  /** Blobs that must be present in the repository (config and distributable layers). */
  blobs: string[];
  children: Descriptor[];
  subject: Descriptor | null;
  annotations: Record<string, string> | null;
  /** Harbor's artifact type: IMAGE, CHART, … */
  type: string;
}

const SCHEMAS: Record<string, z.ZodType> = {
  [MediaType.OciManifest]: OciManifestSchema,
  [MediaType.OciIndex]: OciIndexSchema,
  [MediaType.DockerManifest]: DockerManifestSchema,
  [MediaType.DockerManifestList]: DockerManifestListSchema,
};

function baseType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0].trim().toLowerCase() || undefined;
}

export function parseManifest(body: Buffer, contentType: string | undefined): ParsedManifest {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RegistryError('MANIFEST_INVALID', { reason: 'manifest is not valid JSON' });
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new RegistryError('MANIFEST_INVALID', { reason: 'manifest must be a JSON object' });
  }
  const declared = typeof doc.mediaType === 'string' ? doc.mediaType : undefined;
  const header = baseType(contentType);
  const headerKnown = header !== undefined && header in SCHEMAS;
  if (declared && headerKnown && declared !== header) {
    throw new RegistryError('MANIFEST_INVALID', { reason: `mediaType ${declared} does not match Content-Type ${header}` });
  }
  const mediaType = declared ?? (headerKnown ? header : 'manifests' in doc ? MediaType.OciIndex : MediaType.OciManifest);
  const schema = SCHEMAS[mediaType];
  if (!schema) {
    throw new RegistryError('MANIFEST_INVALID', { reason: `unsupported manifest media type ${mediaType}` });
  }
  const result = schema.safeParse(doc);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new RegistryError('MANIFEST_INVALID', { reason: 'manifest does not match its schema', issues });
  }
  const m = result.data as {
    config?: Descriptor; layers?: Descriptor[]; manifests?: Descriptor[]; subject?: Descriptor;
    artifactType?: string; annotations?: Record<string, string>;
  };
  const isIndex = isIndexMediaType(mediaType);
  const config = m.config;
  const layers = m.layers ?? [];
  const blobs = isIndex ? [] : [
    config!.digest,
    ...layers.filter((l) => !isNonDistributable(l.mediaType) && !(l.urls && l.urls.length)).map((l) => l.digest),
  ];
  const configMediaType = config?.mediaType ?? mediaType;
  return {
    mediaType,
    isIndex,
    configMediaType,
    config: config ?? null,
    artifactType: m.artifactType ?? config?.mediaType ?? null,
    blobs: [...new Set(blobs)],
    children: m.manifests ?? [],
    subject: m.subject ?? null,
    annotations: m.annotations ?? null,
    type: harborType(isIndex, configMediaType),
  };
}

function harborType(isIndex: boolean, configMediaType: string): string {
  if (isIndex) return 'IMAGE';
  if (configMediaType === MediaType.HelmConfig) return 'CHART';
  if (configMediaType === MediaType.DockerConfig || configMediaType === MediaType.OciConfig) return 'IMAGE';
  if (configMediaType.startsWith('application/vnd.cnab')) return 'CNAB';
  return 'UNKNOWN';
}
