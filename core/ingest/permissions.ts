/** What the ingest may do, on symbolic resources the Ingest stack resolves: put on the app bus, keep in the fallback queue. */
import type { Permission } from "../actions/spec.js";

export const INGEST_PERMISSIONS: readonly Permission[] = [
  { actions: ["events:PutEvents"], resources: ["appBus"] },
  { actions: ["sqs:SendMessage"], resources: ["ingestFallbackQueue"] },
];

/** What the fallback queue's consumer may do: put on the app bus (receiving and deleting come with its event source). */
export const REDRIVE_PERMISSIONS: readonly Permission[] = [{ actions: ["events:PutEvents"], resources: ["appBus"] }];
