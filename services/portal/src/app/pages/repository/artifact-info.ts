// What the repository and artifact screens say about an artifact: its kind, platform, links and label chips.
import type { Accessory, Artifact } from '@harbor/contracts';

export type ArtifactKind = 'image' | 'index' | 'chart' | 'signature' | 'sbom' | 'other';

const KIND_NAMES: Record<ArtifactKind, string> = {
  image: 'Image', index: 'Image index', chart: 'Helm chart', signature: 'Signature', sbom: 'SBOM', other: 'Other',
};

const INDEX_TYPES = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];

function isSignatureType(t: string): boolean {
  return t.includes('cosign.artifact.sig') || t.includes('notary.signature') || t.startsWith('signature.');
}

function isSbomType(t: string): boolean {
  return t.includes('sbom') || t.includes('spdx') || t.includes('cyclonedx');
}

/** The artifact's kind: an index (manifest list) when it references other manifests, else from its type. */
export function artifactKind(a: Pick<Artifact, 'type' | 'media_type' | 'manifest_media_type' | 'artifact_type' | 'references'>): ArtifactKind {
  if ((a.references?.length ?? 0) > 0 || INDEX_TYPES.includes(a.manifest_media_type) || INDEX_TYPES.includes(a.media_type)) return 'index';
  const declared = `${a.artifact_type ?? ''} ${a.media_type}`.toLowerCase();
  if (isSignatureType(declared)) return 'signature';
  if (isSbomType(declared)) return 'sbom';
  const t = a.type.toUpperCase();
  if (t === 'CHART') return 'chart';
  if (t === 'IMAGE') return 'image';
  return 'other';
}

export function kindName(kind: ArtifactKind): string {
  return KIND_NAMES[kind];
}

/** `Signature (cosign)`, `SBOM`, … for an accessory's Harbor type (`signature.cosign`, `harbor.sbom`). */
export function accessoryName(a: Pick<Accessory, 'type'>): string {
  if (a.type.startsWith('signature.')) return `Signature (${a.type.slice('signature.'.length)})`;
  if (isSbomType(a.type)) return 'SBOM';
  return a.type || 'Accessory';
}

export function isSigned(a: Pick<Artifact, 'accessories'>): boolean {
  return (a.accessories ?? []).some((x) => x.type.startsWith('signature.'));
}

/** `linux/amd64`, `linux/arm/v7`; null when nothing is known. */
export function platformText(p: { os?: unknown; architecture?: unknown; variant?: unknown } | undefined): string | null {
  if (!p) return null;
  const parts = [p.os, p.architecture, p.variant].filter((v): v is string => typeof v === 'string' && v.length > 0);
  return parts.length ? parts.join('/') : null;
}

/** The console's address of an artifact page. */
export function artifactHref(projectId: number | string, repo: string, digest: string): string {
  return `/harbor/projects/${projectId}/repositories/${encodeURIComponent(repo)}/artifacts/${digest}`;
}

export function repositoryHref(projectId: number | string, repo: string): string {
  return `/harbor/projects/${projectId}/repositories/${encodeURIComponent(repo)}`;
}

/** A valid OCI tag: a word character, then up to 127 word characters, dots or dashes. */
export function isValidTagName(tag: string): boolean {
  return /^[\w][\w.-]{0,127}$/.test(tag);
}
