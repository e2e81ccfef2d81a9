// A job's log as it runs: timestamped lines gathered in memory and appended to the job's row in job_log
// at most every half second (and at the end), so a chatty job costs a handful of writes, not one per line.
import type { TaskStore } from '@harbor/jobs';

const FLUSH_MS = 500;
/** A runaway job cannot fill the database: past this, lines are counted, not kept. */
const MAX_BYTES = 4 << 20;

export class JobLogWriter {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private written = 0;
  private dropped = 0;

  constructor(private readonly store: TaskStore, private readonly jobId: string) {}

  line(text: string): void {
    const entry = `${new Date().toISOString()} ${text.replace(/\n+$/, '')}\n`;
    if (this.written + entry.length > MAX_BYTES) {
      this.dropped++;
      return;
    }
    this.written += entry.length;
    this.pending.push(entry);
    this.timer ??= setTimeout(() => { this.timer = null; void this.flush(); }, FLUSH_MS);
  }

  private flush(): Promise<void> {
    if (this.pending.length === 0) return this.flushing;
    const text = this.pending.join('');
    this.pending = [];
    this.flushing = this.flushing.then(() => this.store.appendLog(this.jobId, text)).catch(() => undefined);
    return this.flushing;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.dropped) this.pending.push(`${new Date().toISOString()} (${this.dropped} more lines not kept: the log reached ${MAX_BYTES >> 20} MiB)\n`);
    this.dropped = 0;
    await this.flush();
  }
}
