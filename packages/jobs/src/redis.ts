// Redis for the job queues: a standalone server or a Sentinel-managed one (Harbor's `redis.external.addr`
// with `sentinelMasterSet`), and the key prefix that keeps several suites apart on one Redis. BullMQ needs
// connections that retry commands forever (maxRetriesPerRequest: null).
import { Redis, type RedisOptions } from 'ioredis';

export interface JobRedisConfig {
  /** `redis://[:password@]host:port/db` of a standalone server. */
  url?: string;
  /** Sentinel nodes (`host:port`), with the master set name; used instead of `url` when given. */
  sentinels?: string[];
  sentinelMasterSet?: string;
  password?: string;
  db?: number;
  /** Prefix of every key (the suite's `harbor:`); BullMQ's keys live under `<prefix>bull`. */
  keyPrefix: string;
}

export function redisOptions(c: JobRedisConfig): RedisOptions {
  const base: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false };
  const url = new URL(c.url ?? 'redis://127.0.0.1:6379/0');
  // With Sentinel the url's host is not used; its password and db still apply to the master.
  const password = c.password ?? (url.password ? decodeURIComponent(url.password) : undefined);
  const db = c.db ?? (Number(url.pathname.slice(1)) || 0);
  if (c.sentinels?.length) {
    return {
      ...base,
      sentinels: c.sentinels.map((s) => {
        const i = s.lastIndexOf(':');
        return { host: s.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(s.slice(i + 1)) };
      }),
      name: c.sentinelMasterSet ?? 'mymaster',
      password,
      sentinelPassword: password,
      db,
    };
  }
  return {
    ...base,
    host: url.hostname,
    port: Number(url.port || 6379),
    password,
    db,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
}

export function createRedis(c: JobRedisConfig): Redis {
  const r = new Redis(redisOptions(c));
  r.on('error', () => undefined); // reconnects by itself; callers see failures on their commands
  return r;
}

export const bullPrefix = (c: Pick<JobRedisConfig, 'keyPrefix'>) => `${c.keyPrefix}bull`;
