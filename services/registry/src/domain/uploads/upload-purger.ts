// Periodically removes upload sessions abandoned for longer than the configured age
// (storage.maintenance.uploadpurging in distribution's configuration).
import type { Logger } from '@harbor/telemetry';
import type { UploadService } from './upload.service.js';

export interface PurgeSettings {
  age: number;
  interval: number;
  dryrun: boolean;
}

export class UploadPurger {
  private timers: NodeJS.Timeout[] = [];
  constructor(private readonly uploads: UploadService, private readonly settings: PurgeSettings, private readonly logger: Logger) {}

  async runOnce(now = new Date()): Promise<string[]> {
    const purged = await this.uploads.purge(new Date(now.getTime() - this.settings.age), this.settings.dryrun);
    if (purged.length) this.logger.info({ count: purged.length, dryRun: this.settings.dryrun }, 'purged abandoned uploads');
    return purged;
  }

  /** A first pass shortly after start, then one per interval; timers never hold the process open. */
  start(): this {
    const tick = () => {
      this.runOnce().catch((err) => this.logger.warn({ err }, 'upload purge failed'));
    };
    this.timers = [setTimeout(tick, Math.min(60_000, this.settings.interval)), setInterval(tick, this.settings.interval)];
    for (const t of this.timers) t.unref();
    return this;
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }
}
