// Forwarding audit events to a syslog endpoint over TCP (Harbor's audit_log_forward_endpoint), and
// whether they are also kept in the database (skip_audit_log_database). Forwarding never fails the
// operation it describes: an unreachable endpoint is logged and the event goes on to the database.
import { connect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import type { Logger } from '@harbor/telemetry';
import { parseEndpoint } from '../config/settings.js';

export interface ForwardedEvent {
  username: string;
  operation: string;
  resourceType: string;
  resource: string;
  projectId: number;
  clientIp: string;
  opTime: Date;
}

export interface AuditForwardSettings {
  endpoint: string;
  skipDatabase: boolean;
}

// syslog priority: facility kern (0), severity info (6), as Go's syslog.Dial(…, LOG_INFO, "audit") sends
const PRIORITY = 6;
const CONNECT_TIMEOUT_MS = 3000;

/** Whether a TCP connection to host:port opens within the timeout. */
export function tcpReachable(host: string, port: number, timeoutMs = CONNECT_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const quote = (s: string) => JSON.stringify(s);

/** One syslog line in Go's log/syslog form: `<pri>timestamp host tag[pid]: message`. */
export function syslogLine(e: ForwardedEvent, host = hostname()): string {
  const message = `operator=${quote(e.username)} time=${quote(e.opTime.toISOString())} action:${e.operation}, resource:${e.resource}, ` +
    `resource_type:${e.resourceType}, project_id:${e.projectId}, client_ip:${e.clientIp}`;
  return `<${PRIORITY}>${new Date().toISOString()} ${host} audit[${process.pid}]: ${message.replace(/[\r\n]/g, ' ')}\n`;
}

export class AuditForwarder {
  private socket: { endpoint: string; socket: Socket } | undefined;

  constructor(private readonly settings: () => Promise<AuditForwardSettings>, private readonly logger: Logger) {}

  async skipDatabase(): Promise<boolean> {
    const s = await this.settings();
    return s.skipDatabase && s.endpoint.length > 0;
  }

  /** Sends the event when an endpoint is set; failures are logged, never thrown. */
  async send(event: ForwardedEvent): Promise<void> {
    const { endpoint } = await this.settings();
    if (!endpoint) {
      this.close();
      return;
    }
    try {
      const socket = await this.connection(endpoint);
      await new Promise<void>((resolve, reject) => socket.write(syslogLine(event), (err) => (err ? reject(err) : resolve())));
    } catch (err) {
      this.close();
      this.logger.error({ err: (err as Error).message, endpoint }, 'audit log forwarding failed');
    }
  }

  close(): void {
    this.socket?.socket.destroy();
    this.socket = undefined;
  }

  private async connection(endpoint: string): Promise<Socket> {
    if (this.socket && this.socket.endpoint === endpoint && !this.socket.socket.destroyed) return this.socket.socket;
    this.close();
    const target = parseEndpoint(endpoint);
    if (!target) throw new Error(`invalid endpoint ${endpoint}`);
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: target.host, port: target.port });
      s.setTimeout(CONNECT_TIMEOUT_MS, () => s.destroy(new Error('connection timed out')));
      s.once('connect', () => {
        s.setTimeout(0);
        resolve(s);
      });
      s.once('error', reject);
    });
    socket.on('error', () => socket.destroy());
    socket.unref();
    this.socket = { endpoint, socket };
    return socket;
  }
}
