/**
 * The app bus's routing table. Every rule on the app bus lists here the detail-types it handles, so the
 * catch-all rule (stacks/Ingest.ts) can match everything else, log it and keep it: an event no rule handles is
 * visible instead of silently gone. Add a route in the same change as its rule.
 */
export interface AppBusRoute {
  /** The rule's name, for humans. */
  rule: string;
  source: string;
  detailTypes: readonly string[];
}

export const APP_BUS_ROUTES: readonly AppBusRoute[] = [];

/** The detail-types some rule handles. */
export function routedDetailTypes(routes: readonly AppBusRoute[] = APP_BUS_ROUTES): string[] {
  return [...new Set(routes.flatMap((route) => route.detailTypes))].sort();
}
