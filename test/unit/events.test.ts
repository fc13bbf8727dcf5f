import { describe, expect, it } from "vitest";
import { recentDatapoints } from "../../core/alarms/event.js";
import { parseAlarmName } from "../../core/alarms/name.js";
import { InvalidEventError } from "../../core/kernel/errors.js";
import { parseEvent } from "../../core/kernel/parse.js";
import { ROWS } from "../../core/matrix/rows.js";
import { AlarmStateChangeEventSchema, SupabaseWebhookSchema } from "../../events/index.js";
import { fixture } from "../support/fixtures.js";

const STATES = ["alarm", "ok", "insufficient-data"] as const;

describe("the event catalog", () => {
  for (const row of ROWS) {
    for (const state of STATES) {
      it(`cloudwatch/${row.id}.${state} is a valid alarm event for its row, named by the contract`, () => {
        const event = parseEvent(AlarmStateChangeEventSchema, fixture(`cloudwatch/${row.id}.${state}`), "sample");
        expect(event.detail.state.value).toBe(state.toUpperCase().replace("-", "_"));
        expect(parseAlarmName(event.detail.alarmName)).toMatchObject({ stage: "prod", row: row.id });
        const newest = recentDatapoints(event.detail.state).at(-1);
        if (state === "alarm") expect(newest).toBeGreaterThan(row.threshold);
        if (state === "ok") expect(newest).toBeLessThanOrEqual(row.threshold);
      });
    }
  }

  it("accepts a metric-math alarm whose previous state has no reasonData", () => {
    const event = parseEvent(AlarmStateChangeEventSchema, fixture("cloudwatch/error-rate-high.ok"), "sample");
    expect(event.detail.configuration.metrics?.find((m) => m.expression)?.returnData).toBe(true);
    expect(event.detail.previousState?.reasonData).toBeUndefined();
  });

  it("accepts a composite alarm (alarmRule, no metrics) and keeps unknown keys", () => {
    const raw = fixture<any>("cloudwatch/composite.alarm");
    raw.detail.somethingNew = { kept: true };
    const event = parseEvent(AlarmStateChangeEventSchema, raw, "sample");
    expect(event.detail.configuration.alarmRule).toContain("ALARM(");
    expect(event.detail.configuration.metrics).toBeUndefined();
    expect((event.detail as Record<string, unknown>).somethingNew).toEqual({ kept: true });
  });

  it("rejects a malformed alarm event with a message naming the fields", () => {
    const parse = () => parseEvent(AlarmStateChangeEventSchema, fixture("cloudwatch/malformed"), "alarm event");
    expect(parse).toThrow(InvalidEventError);
    expect(parse).toThrow(/detail\.alarmName/);
    expect(parse).toThrow(/detail\.state\.value/);
  });

  it.each([" ", "yesterday", "2026-13-01T00:00:00.000+0000", "+275760-09-13T00:00:00.000Z"])(
    "rejects a state timestamp %j that is no ISO 8601 instant, naming the field",
    (timestamp) => {
      const event = fixture<any>("cloudwatch/error-rate-high.alarm");
      event.detail.state.timestamp = timestamp;
      expect(() => parseEvent(AlarmStateChangeEventSchema, event, "alarm event")).toThrow(/detail\.state\.timestamp/);
    },
  );

  it.each(["invoices.insert", "invoices.update-finalized", "invoices.delete"])(
    "supabase/%s is a valid webhook",
    (name) => {
      const payload = parseEvent(SupabaseWebhookSchema, fixture(`supabase/${name}`), "webhook");
      expect(payload.table).toBe("invoices");
    },
  );

  it("rejects a webhook whose old_record does not fit its type", () => {
    const insert = fixture<any>("supabase/invoices.insert");
    insert.old_record = { id: 1 };
    expect(() => parseEvent(SupabaseWebhookSchema, insert, "webhook")).toThrow(/old_record/);
  });
});
