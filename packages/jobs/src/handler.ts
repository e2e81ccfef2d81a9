// What a job handler is: a function of its parameters (parsed by its type's schema) and a context to log
// through and to notice a stop request by. The jobservice registers one handler per job type it runs.
import type { JobType } from '@harbor/contracts';

export interface JobContext<P> {
  type: JobType;
  params: P;
  jobId: string;
  taskId: number;
  executionId: number;
  /** 1 for the first run, then 2, 3… on retries. */
  attempt: number;
  /** Appends a line to the job's log (kept in the database, served by the API). */
  log(line: string): void;
  /** Aborted when someone asks the job to stop; long handlers check it between steps. */
  signal: AbortSignal;
  /** Records figures of the run on its task (`extra_attrs`), e.g. what a GC freed. */
  report(attrs: Record<string, unknown>): Promise<void>;
}

export type JobHandler<P = unknown> = (ctx: JobContext<P>) => Promise<void>;

/** A failure retrying cannot fix (bad parameters, a policy that no longer exists): no further attempts. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}
