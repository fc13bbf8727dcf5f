/** Builders of hand-written chaos histories: one alarm span at a time, deliveries spelled out. */
import type { Delivery, History, Span } from "../../scripts/lib/chaos/history.js";

export const onTime: Delivery = { kind: "copies", delaysSeconds: [5] };
export const lost: Delivery = { kind: "lost" };
export const late = (seconds: number): Delivery => ({ kind: "copies", delaysSeconds: [seconds] });
export const redriven = (afterDays: number): Delivery => ({ kind: "redrive", afterDays });

export function span(
  alarm: string,
  from: number,
  minutes: number,
  delivery: { onset?: Delivery; end?: Delivery } = {},
): Span {
  return {
    alarm,
    state: "ALARM",
    from,
    minutes,
    level: 1.4,
    onset: delivery.onset ?? onTime,
    end: delivery.end ?? onTime,
  };
}

export function history(...spans: Span[]): History {
  return { spans, throttles: [], outages: [] };
}
