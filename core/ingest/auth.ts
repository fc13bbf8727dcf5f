/** How the ingest may authenticate the database; a stage picks one (core/config). Data only, no dependencies. */
export const WEBHOOK_AUTH_MODES = ["standard-webhooks", "shared-secret"] as const;
export type WebhookAuth = (typeof WEBHOOK_AUTH_MODES)[number];
