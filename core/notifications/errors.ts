import { Hero365Error } from "../kernel/errors.js";

/** Notifying failed in a way the notification layer itself detected. */
export class NotificationError extends Hero365Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NotificationError";
  }
}

/** Concurrent writers kept changing an episode's notification state; the step is retried as a whole. */
export class EpisodeStateConflictError extends NotificationError {
  constructor(readonly episode: string) {
    super(`notification state of episode ${episode} kept changing under concurrent writes`);
    this.name = "EpisodeStateConflictError";
  }
}
