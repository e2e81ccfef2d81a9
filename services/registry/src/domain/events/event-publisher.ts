// Artifact events (push, pull, delete) leave the registry through a publisher. Publishing never blocks or
// fails the request that caused it: publish() only queues.
import type { RegistryEvent } from '@harbor/contracts';

export interface EventPublisher {
  publish(event: RegistryEvent): void;
  /** Sends what is still queued (briefly) and releases the connection. */
  close(): Promise<void>;
}

/** Events are off (no Redis configured). */
export const noEvents: EventPublisher = {
  publish() {},
  async close() {},
};
