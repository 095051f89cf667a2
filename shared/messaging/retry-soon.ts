/**
 * A handler's "not yet": the message is asked again in `retryAfterSeconds` (doubled at each
 * further receive) instead of after the queue's visibility timeout (minutes) — for an event that
 * came before the one it follows (queues are unordered), which is there within seconds. Still a
 * failure: it counts toward maxReceiveCount.
 */
export class RetrySoonError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds = 10,
  ) {
    super(message);
    this.name = 'RetrySoonError';
  }
}
