// Structured logging (pino) and Prometheus metrics (prom-client) shared by the services.
import { pino, type Logger } from 'pino';
import { Counter, Registry, Histogram, collectDefaultMetrics } from 'prom-client';

export type { Logger, Counter };

export function createLogger(service: string, level: string = 'info'): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.secret'], censor: '[redacted]' },
  });
}

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'code'>;
}

export function createMetrics(prefix: string, withDefaults = true): Metrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: `${prefix}_` });
  return {
    registry,
    httpDuration: new Histogram({
      name: `${prefix}_http_request_duration_seconds`,
      help: 'HTTP request latency by method, route and status code',
      labelNames: ['method', 'route', 'code'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers: [registry],
    }),
  };
}

/** A counter registered with the service's metrics (e.g. events dropped). */
export function createCounter<L extends string = never>(metrics: Metrics, name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return new Counter<L>({ name, help, labelNames, registers: [metrics.registry] });
}
