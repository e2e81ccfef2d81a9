// Recurring runs (Harbor's `schedule` table): a row per vendor (GC, audit purge, a retention policy, …)
// with its cron and the parameters each run gets, mirrored into a BullMQ job scheduler that fires the
// runs. Both live outside any process (PostgreSQL and Redis), so schedules survive restarts of every
// service; at start core re-applies the rows to Redis in case Redis lost them.
import { JOB_TYPES, SCHEDULE_CRONS, type JobType, type ScheduleObj } from '@harbor/contracts';
import type { JobQueues, Sql } from '@harbor/jobs';
import { ApiError } from '../../http/errors.js';


export interface ScheduleRecord {
  id: number;
  vendorType: JobType;
  vendorId: number;
  cron: string;
  cronType: string;
  params: Record<string, unknown>;
  creationTime: Date;
  updateTime: Date;
  nextRun: Date | null;
}

interface Row {
  id: number; vendor_type: string; vendor_id: number; cron: string; cron_type: string;
  callback_func_param: string; creation_time: Date; update_time: Date;
}

/** Six space-separated fields (seconds first), as Harbor's cron; each of cron's usual characters. */
const CRON_RE = /^\s*([0-9*/,?LW#A-Za-z-]+\s+){5}[0-9*/,?LW#A-Za-z-]+\s*$/;

const schedulerId = (type: string, vendorId: number) => `${type}:${vendorId}`;

export class ScheduleService {
  constructor(private readonly sql: Sql, private readonly queues: JobQueues) {}

  /** The cron a schedule object stands for; 400 when it names none or a malformed one. */
  static cronOf(obj: ScheduleObj): string {
    if (obj.type === 'Hourly' || obj.type === 'Daily' || obj.type === 'Weekly') return obj.cron && CRON_RE.test(obj.cron) ? obj.cron : SCHEDULE_CRONS[obj.type];
    if (!obj.cron || !CRON_RE.test(obj.cron)) throw new ApiError('BAD_REQUEST', `invalid cron "${obj.cron ?? ''}": six fields are expected (seconds first)`);
    return obj.cron.trim();
  }

  async get(type: JobType, vendorId: number): Promise<ScheduleRecord | null> {
    const [row] = await this.sql<Row>('SELECT * FROM schedule WHERE vendor_type = $1 AND vendor_id = $2', [type, vendorId]);
    if (!row) return null;
    return { ...toRecord(row), nextRun: await this.queues.nextRun(schedulerId(type, vendorId), type).catch(() => null) };
  }

  /** Creates, replaces or (type None) removes the vendor's schedule. */
  async set(type: JobType, vendorId: number, obj: ScheduleObj, params: Record<string, unknown>): Promise<void> {
    if (obj.type === 'None') {
      await this.queues.unschedule(schedulerId(type, vendorId), type);
      await this.sql('DELETE FROM schedule WHERE vendor_type = $1 AND vendor_id = $2', [type, vendorId]);
      return;
    }
    if (obj.type === 'Manual') throw new ApiError('BAD_REQUEST', 'a Manual schedule runs once and is not kept');
    const cron = ScheduleService.cronOf(obj);
    try {
      await this.queues.schedule(schedulerId(type, vendorId), type, cron, { vendor_type: type, vendor_id: vendorId, params });
    } catch (err) {
      throw new ApiError('BAD_REQUEST', `invalid cron "${cron}": ${err instanceof Error ? err.message : String(err)}`);
    }
    await this.sql(
      `INSERT INTO schedule (vendor_type, vendor_id, cron, cron_type, callback_func_name, callback_func_param)
       VALUES ($1, $2, $3, $4, $1, $5)
       ON CONFLICT (vendor_type, vendor_id) DO UPDATE SET cron = EXCLUDED.cron, cron_type = EXCLUDED.cron_type,
         callback_func_param = EXCLUDED.callback_func_param, update_time = now()`,
      [type, vendorId, cron, obj.type === 'Schedule' ? 'Custom' : obj.type, JSON.stringify(params)]);
  }

  async list(page: { offset: number; limit: number | undefined }): Promise<{ total: number; items: ScheduleRecord[] }> {
    const [count] = await this.sql<{ n: number }>('SELECT count(*)::int AS n FROM schedule');
    const rows = await this.sql<Row>(`SELECT * FROM schedule ORDER BY id LIMIT ${page.limit ?? 'ALL'} OFFSET ${page.offset}`);
    return { total: count.n, items: rows.map((r) => ({ ...toRecord(r), nextRun: null })) };
  }

  /** Re-applies every stored schedule to Redis (idempotent); returns how many. */
  async reconcile(): Promise<number> {
    const rows = await this.sql<Row>('SELECT * FROM schedule');
    let n = 0;
    for (const r of rows) {
      if (!(JOB_TYPES as readonly string[]).includes(r.vendor_type)) continue;
      const rec = toRecord(r);
      await this.queues.schedule(schedulerId(rec.vendorType, rec.vendorId), rec.vendorType, rec.cron, { vendor_type: rec.vendorType, vendor_id: rec.vendorId, params: rec.params });
      n++;
    }
    return n;
  }
}

function toRecord(r: Row): Omit<ScheduleRecord, 'nextRun'> {
  let params: Record<string, unknown> = {};
  try {
    params = JSON.parse(r.callback_func_param) as Record<string, unknown>;
  } catch {
    // an unreadable parameter set runs with the defaults
  }
  return {
    id: r.id, vendorType: r.vendor_type as JobType, vendorId: r.vendor_id, cron: r.cron, cronType: r.cron_type, params,
    creationTime: r.creation_time, updateTime: r.update_time,
  };
}
