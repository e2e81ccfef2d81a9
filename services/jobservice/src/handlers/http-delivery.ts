// One POST of a notification to its receiver, as Harbor's webhook jobs send it: a deadline for the whole
// exchange, redirects not followed (a 3xx is an abnormal answer, so a receiver cannot steer the request
// elsewhere), certificates verified unless the target says to skip it (self-signed receivers), and any
// answer outside 2xx — or no answer — reported as a failure for the runtime to retry.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { PermanentJobError } from '@harbor/jobs';

/** Harbor's webhook job waits 3 s by default; receivers behind slow proxies get a little more here. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** How much of a receiver's answer is kept for the log and the error. */
const MAX_ANSWER_BYTES = 2_048;

export interface DeliveryRequest {
  address: string;
  body: string;
  headers: Record<string, string>;
  /** Accept any certificate (self-signed receivers). */
  insecure: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface DeliveryAnswer {
  status: number;
  /** The start of the answer's body. */
  body: string;
}

/** Where a request goes, for the log: scheme and host only (a Slack URL's path is its secret). */
export function origin(address: string): string {
  try {
    return new URL(address).origin;
  } catch {
    return '(invalid address)';
  }
}

/** Sends the request; resolves with any answer, rejects when none came (network error, timeout, abort). */
export function post(req: DeliveryRequest): Promise<DeliveryAnswer> {
  let url: URL;
  try {
    url = new URL(req.address);
  } catch {
    return Promise.reject(new PermanentJobError(`invalid address: ${req.address}`));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new PermanentJobError(`unsupported scheme: ${url.protocol}`));
  }
  const payload = Buffer.from(req.body, 'utf8');
  const headers = { 'User-Agent': 'harbor-jobservice', ...req.headers, 'Content-Length': String(payload.length) };
  const timeoutMs = req.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  return new Promise<DeliveryAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, answer?: DeliveryAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(answer!);
    };
    const onAnswer = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept < MAX_ANSWER_BYTES) {
          chunks.push(chunk.subarray(0, MAX_ANSWER_BYTES - kept));
          kept += Math.min(chunk.length, MAX_ANSWER_BYTES - kept);
        }
      });
      res.on('end', () => finish(null, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => finish(err));
    };
    const options = { method: 'POST', headers };
    const client = url.protocol === 'https:'
      ? httpsRequest(url, { ...options, rejectUnauthorized: !req.insecure }, onAnswer)
      : httpRequest(url, options, onAnswer);
    const timer = setTimeout(() => {
      const err = new Error(`no answer within ${Math.round(timeoutMs / 100) / 10} s`);
      client.destroy(err);
      finish(err);
    }, timeoutMs);
    const onAbort = () => {
      const err = new Error('stopped on request');
      client.destroy(err);
      finish(err);
    };
    if (req.signal?.aborted) return onAbort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    client.on('error', (err) => finish(err));
    client.end(payload);
  });
}

/** Posts and checks the answer: anything outside 2xx throws, with the start of what the receiver said. */
export async function deliver(req: DeliveryRequest, log: (line: string) => void): Promise<void> {
  log(`POST ${origin(req.address)} (${Buffer.byteLength(req.body)} bytes${req.insecure ? ', certificate not verified' : ''})`);
  let answer: DeliveryAnswer;
  try {
    answer = await post(req);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`no answer: ${message}`);
    if (err instanceof PermanentJobError) throw err;
    throw new Error(`error to send request: ${message}`);
  }
  log(`response status: ${answer.status}`);
  if (answer.status < 200 || answer.status >= 300) {
    throw new Error(`abnormal response code: ${answer.status}${answer.body ? `, body: ${answer.body}` : ''}`);
  }
}
