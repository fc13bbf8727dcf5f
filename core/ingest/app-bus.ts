import { RERENDER_DETAIL_TYPE, RERENDER_SOURCE, SUPABASE_SOURCE } from "../../events/schemas/invoice-job.js";

/**
 * The app bus's routing table. Every rule on the app bus takes its source and detail-types from its route
 * here, so the catch-all rule (stacks/Ingest.ts) can match everything else, log it and keep it: an event no
 * rule handles is visible instead of silently gone. A stack test fails when a rule on the bus matches a
 * detail-type no route lists.
 */
export interface AppBusRoute {
  /** The rule's construct id. */
  rule: string;
  source: string;
  detailTypes: readonly string[];
}

export const APP_BUS_ROUTES = [
  { rule: "InvoiceFinalized", source: SUPABASE_SOURCE, detailTypes: ["invoices.insert", "invoices.update"] },
  { rule: "InvoiceRerenderRequested", source: RERENDER_SOURCE, detailTypes: [RERENDER_DETAIL_TYPE] },
] as const satisfies readonly AppBusRoute[];

export type AppBusRuleId = (typeof APP_BUS_ROUTES)[number]["rule"];

/**
 * The route of one rule: its source and detail-types, for the rule's event pattern.
 * @example appBusRoute("InvoiceRerenderRequested").detailTypes // ["invoices.rerender-requested"]
 */
export function appBusRoute(rule: AppBusRuleId): AppBusRoute {
  const route = APP_BUS_ROUTES.find((r) => r.rule === rule);
  if (!route) throw new Error(`no app-bus route for rule ${rule}`);
  return route;
}

/** The detail-types some rule handles. */
export function routedDetailTypes(routes: readonly AppBusRoute[] = APP_BUS_ROUTES): string[] {
  return [...new Set(routes.flatMap((route) => route.detailTypes))].sort();
}
