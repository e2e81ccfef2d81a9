// The key layout of the content store, in one place. Blobs (layers, configs and manifests alike) are
// content-addressed; upload sessions live beside them so any replica can continue them.
import { blobDataPath, REGISTRY_ROOT as ROOT } from '@harbor/storage';

export { blobDataPath };

export const UPLOADS_ROOT = `${ROOT}/uploads`;

export function uploadDir(id: string): string {
  return `${UPLOADS_ROOT}/${id}`;
}

export function uploadInfoPath(id: string): string {
  return `${uploadDir(id)}/info`;
}

export function uploadPartsDir(id: string): string {
  return `${uploadDir(id)}/parts`;
}

/** Parts are named by their start offset, zero-padded so lexical order is byte order. */
export function uploadPartPath(id: string, offset: number): string {
  return `${uploadPartsDir(id)}/${String(offset).padStart(16, '0')}`;
}

export function partOffset(path: string): number {
  return Number(path.slice(path.lastIndexOf('/') + 1));
}
