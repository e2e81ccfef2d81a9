// Password and secret storage with node's built-in scrypt (memory-hard, no native dependency), in a
// self-describing string `scrypt$N=<n>,r=<r>,p=<p>$<salt b64>$<hash b64>` so parameters can be raised
// later (needsRehash) without breaking stored hashes; plus generation of robot / CLI secrets.
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** For people's passwords: N=2^15, r=8, p=1 uses 32 MiB and ~0.1 s per hash. */
export const PASSWORD_PARAMS: Readonly<ScryptParams> = { N: 2 ** 15, r: 8, p: 1 };

/**
 * For robot and CLI secrets. Generated secrets carry ~190 bits and would be safe under plain salted
 * SHA-256, but Harbor lets users choose them (`secret` on robot create/refresh, the OIDC CLI secret),
 * so a guessable one must still be costly to brute-force offline. Robots authenticate on every request
 * and token fetch, so the cost is kept low: N=2^12 uses 4 MiB and a few milliseconds.
 */
export const SECRET_PARAMS: Readonly<ScryptParams> = { N: 2 ** 12, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Refuse stored parameters beyond these: a tampered hash row must not make verification exhaust memory
// (scrypt needs 128·N·r bytes) or CPU (p runs the work p times).
const MAX_MEMORY = 256 * 1024 * 1024;
const MAX_P = 16;

interface Parsed extends ScryptParams {
  salt: Buffer;
  hash: Buffer;
}

function derive(plain: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  // OpenSSL needs a little over 128·N·r bytes; node's default cap (32 MiB) rejects N=2^15, r=8.
  const maxmem = 128 * params.N * params.r * params.p + 32 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const options = { N: params.N, r: params.r, p: params.p, maxmem };
    scrypt(plain.normalize('NFC'), salt, length, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

async function hashWith(plain: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(plain, salt, params, KEY_BYTES);
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

function parse(stored: string): Parsed | null {
  const parts = stored.split('$');
  if (parts.length !== 4 || parts[0] !== 'scrypt') return null;
  const m = /^N=(\d+),r=(\d+),p=(\d+)$/.exec(parts[1]);
  if (!m) return null;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || r < 1 || p < 1 || p > MAX_P || 128 * N * r > MAX_MEMORY) return null;
  const b64 = /^[A-Za-z0-9+/]+={0,2}$/;
  if (!b64.test(parts[2]) || !b64.test(parts[3])) return null;
  const salt = Buffer.from(parts[2], 'base64');
  const hash = Buffer.from(parts[3], 'base64');
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return null;
  return { N, r, p, salt, hash };
}

// Fixed salt for the stand-in derivation below; its output is thrown away.
const DUMMY_SALT = Buffer.alloc(SALT_BYTES);

async function verifyWith(plain: string, stored: string | null | undefined, fallback: ScryptParams): Promise<boolean> {
  const parsed = typeof stored === 'string' ? parse(stored) : null;
  if (!parsed) {
    // No such account or an unreadable row: still spend one derivation, so response time does not tell
    // an attacker which usernames exist.
    await derive(plain, DUMMY_SALT, fallback, KEY_BYTES);
    return false;
  }
  const candidate = await derive(plain, parsed.salt, parsed, parsed.hash.length);
  return timingSafeEqual(candidate, parsed.hash);
}

/** Hashes a person's password. */
export function hashPassword(plain: string): Promise<string> {
  return hashWith(plain, PASSWORD_PARAMS);
}

/**
 * Whether `plain` matches `stored`, compared in constant time. A missing (null/undefined) or malformed
 * stored value yields false after the same amount of work as a real check.
 */
export function verifyPassword(plain: string, stored: string | null | undefined): Promise<boolean> {
  return verifyWith(plain, stored, PASSWORD_PARAMS);
}

/** Whether a stored hash should be replaced (on next successful login) by one with current parameters. */
export function needsRehash(stored: string, target: Readonly<ScryptParams> = PASSWORD_PARAMS): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  return (
    parsed.N !== target.N ||
    parsed.r !== target.r ||
    parsed.p !== target.p ||
    parsed.salt.length !== SALT_BYTES ||
    parsed.hash.length !== KEY_BYTES
  );
}

/** Hashes a robot or CLI secret (cheaper parameters, same format). */
export function hashSecret(secret: string): Promise<string> {
  return hashWith(secret, SECRET_PARAMS);
}

/** Verifies a robot or CLI secret against hashSecret's output, in constant time. */
export function verifySecret(secret: string, stored: string | null | undefined): Promise<boolean> {
  return verifyWith(secret, stored, SECRET_PARAMS);
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const ALPHABET = LOWER + UPPER + DIGITS;

/**
 * A random secret of `length` (8–128) alphanumerics that satisfies Harbor's secret policy (at least
 * one lowercase, one uppercase, one digit). Characters are drawn uniformly (randomInt has no modulo
 * bias); draws missing a class are thrown away, which keeps the distribution uniform over valid secrets.
 */
export function generateSecret(length = 32): string {
  if (!Number.isInteger(length) || length < 8 || length > 128) {
    throw new RangeError(`secret length must be an integer from 8 to 128, got ${length}`);
  }
  for (;;) {
    let secret = '';
    for (let i = 0; i < length; i++) secret += ALPHABET[randomInt(ALPHABET.length)];
    if (/[a-z]/.test(secret) && /[A-Z]/.test(secret) && /[0-9]/.test(secret)) return secret;
  }
}
