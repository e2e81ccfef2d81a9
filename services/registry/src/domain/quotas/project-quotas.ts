// Project storage quotas at push time (Harbor's quota middleware): before new bytes enter a project —
// a cross-repository mount, a completed blob upload, a manifest — the bytes the project does not hold
// yet are added to its usage and compared with its hard limit. Blobs are counted once per project, so
// pushing a blob the project already holds costs nothing. Over the limit the push is refused with
// Harbor's DENIED error and message.
import { QUOTA_WARNING_PERCENT } from '@harbor/contracts';
import { RegistryError } from '../../http/errors.js';
import type { QuotaRepo } from '../../store/quota.repo.js';
import { projectNameOf } from '../../store/repository.repo.js';

/** A blob a push brings; without a size, the size the blob index knows (0 when it knows none). */
export interface PushedBlob {
  digest: string;
  size?: number;
}

/** What an accepted or refused push means for its project's quota. */
export interface QuotaCharge {
  projectId: number;
  projectName: string;
  /** The project's usage before the push. */
  used: number;
  hard: number;
  /** Bytes the push adds. */
  adding: number;
}

export class QuotaExceededError extends RegistryError {
  constructor(readonly charge: QuotaCharge, readonly digest: string | undefined) {
    super('DENIED', null, {}, exceededMessage(charge));
  }
}

export class ProjectQuotas {
  constructor(private readonly repo: QuotaRepo, private readonly enforced: () => Promise<boolean>) {}

  /**
   * Measures the push of `blobs` into the repository's project; throws QuotaExceededError when it would
   * go over the limit. Returns the charge when the project is limited and the push adds bytes, else null.
   * `digest` names what is being pushed, for the refusal's event.
   *
   * Each check reads the usage committed so far, so concurrent pushes into one project may together
   * overshoot the limit by the bytes they have in flight; this is accepted rather than serialising
   * pushes. A blob is never counted twice: the usage counts each of the project's blobs once, and a
   * blob the project already holds adds nothing.
   */
  async charge(repository: string, blobs: PushedBlob[], digest?: string): Promise<QuotaCharge | null> {
    if (blobs.length === 0 || !(await this.enforced())) return null;
    const projectName = projectNameOf(repository);
    const limit = await this.repo.limit(projectName);
    if (!limit || limit.hard === null) return null;
    const usage = await this.repo.usage(limit.projectId, blobs.map((b) => b.digest));
    let adding = 0;
    const counted = new Set<string>();
    for (const b of blobs) {
      if (counted.has(b.digest)) continue;
      counted.add(b.digest);
      const known = usage.blobs.get(b.digest);
      if (known?.held) continue;
      adding += b.size ?? known?.size ?? 0;
    }
    if (adding === 0) return null;
    const charge: QuotaCharge = { projectId: limit.projectId, projectName, used: usage.used, hard: limit.hard, adding };
    if (usage.used + adding > limit.hard) throw new QuotaExceededError(charge, digest);
    return charge;
  }
}

/** Whether an accepted charge took usage from below the warning level to at or above it. */
export function crossesWarning(c: QuotaCharge): boolean {
  const level = (c.hard * QUOTA_WARNING_PERCENT) / 100;
  return c.used < level && c.used + c.adding >= level;
}

/** Harbor's ResourceOverflow message. */
export function exceededMessage(c: QuotaCharge): string {
  return `adding ${formatBytes(c.adding)} of storage resource, which when updated to current usage of ${formatBytes(c.used)} `
    + `will exceed the configured upper limit of ${formatBytes(c.hard)}.`;
}

/** Harbor's warning notification text. */
export function warningMessage(c: QuotaCharge): string {
  return `quota usage reach ${QUOTA_WARNING_PERCENT}%: resource storage used ${formatBytes(c.used + c.adding)} of ${formatBytes(c.hard)}`;
}

/** Harbor's storage display: `512 B`, `1.5 KiB`, `2.0 GiB` (one decimal, binary units, ties to even). */
export function formatBytes(value: number): string {
  if (value < 1024) return `${value} B`;
  let div = 1024;
  let exp = 0;
  for (let n = Math.floor(value / 1024); n >= 1024; n = Math.floor(n / 1024)) {
    div *= 1024;
    exp++;
  }
  const scaled = (value * 10) / div;
  let tenths = Math.floor(scaled);
  const frac = scaled - tenths;
  if (frac > 0.5 || (frac === 0.5 && tenths % 2 === 1)) tenths++;
  return `${Math.floor(tenths / 10)}.${tenths % 10} ${'KMGTPE'[exp]}iB`;
}
