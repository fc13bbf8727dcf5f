/**
 * How the stacks retry deliveries, as plain numbers: the constructs deploy them, and the simulator and the
 * chaos runner model the same retries without loading the CDK.
 */

/** Lambda async retries and the rule target's retries: a bad event is retried a little, then parked. */
export const RETRY = { attempts: 2, maxEventAgeSeconds: 3600 };

/** Follow-up messages that keep failing go to the stage's dead-letter queue after this many receives. */
export const FOLLOW_UP_MAX_RECEIVES = 3;

/**
 * The redrive's timeout. The fallback queue's visibility timeout is 10 times it: the wait before a failed try
 * comes back when the redrive could not set its own backoff (core/ingest/redrive.ts: 1, 2, 4, 8, then 15 min).
 */
export const REDRIVE_TIMEOUT_SECONDS = 30;

/**
 * Receives of one kept event before it is parked: with the backoff, about 3 hours of tries (an EventBridge
 * outage of 10 minutes costs four), then the stage's dead-letter queue, which alarms.
 */
export const REDRIVE_MAX_RECEIVES = 16;
