// Digest grammar of the OCI image spec (descriptor.md) for the algorithms this registry supports.
import { z } from 'zod';

export const DIGEST_ALGORITHMS = { sha256: 64, sha512: 128 } as const;
export type DigestAlgorithm = keyof typeof DIGEST_ALGORITHMS;

const DIGEST_RE = /^(sha256|sha512):([a-f0-9]+)$/;

export interface ParsedDigest {
  algorithm: DigestAlgorithm;
  hex: string;
}

export function parseDigest(value: string): ParsedDigest | null {
  const m = DIGEST_RE.exec(value);
  if (!m) return null;
  const algorithm = m[1] as DigestAlgorithm;
  if (m[2].length !== DIGEST_ALGORITHMS[algorithm]) return null;
  return { algorithm, hex: m[2] };
}

export function isDigest(value: string): boolean {
  return parseDigest(value) !== null;
}

export const DigestSchema = z.string().refine(isDigest, { message: 'invalid digest' });
