// Where the registry keeps content in a storage backend (distribution's layout): blobs — layers, configs
// and manifests alike — addressed by digest. Shared by the registry (writes and serves them) and the
// jobservice (garbage collection deletes them).

export const REGISTRY_ROOT = '/docker/registry/v2';

/** The directory of one blob (`…/blobs/sha256/ab/abcdef…`), removed whole when the blob is deleted. */
export function blobDir(d: { algorithm: string; hex: string }): string {
  return `${REGISTRY_ROOT}/blobs/${d.algorithm}/${d.hex.slice(0, 2)}/${d.hex}`;
}

export function blobDataPath(d: { algorithm: string; hex: string }): string {
  return `${blobDir(d)}/data`;
}

/** `sha256:abc…` → its parts; null for anything else. */
export function splitDigest(digest: string): { algorithm: string; hex: string } | null {
  const m = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-f0-9]{32,})$/.exec(digest);
  return m ? { algorithm: m[1], hex: m[2] } : null;
}
