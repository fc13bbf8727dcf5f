/**
 * The in-memory state table (core/adapters/local/memory-items.ts) answers like the DynamoDB adapter on a real
 * DynamoDB-compatible server (dynalite): the same random histories of gets, puts, updates, deletes and queries,
 * with every kind of condition, give the same answers, the same items, and the same refusals. The simulator
 * and the unit tests rely on it standing in for the table.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dynamoItemStore } from "../../core/adapters/aws/dynamo-items.js";
import { compareUtf8, copyOf, MAX_ITEM_BYTES, memoryItemStore } from "../../core/adapters/local/memory-items.js";
import type { Condition, Item, ItemStore } from "../../core/kernel/ports.js";
import { useLoopback } from "../support/loopback.js";

const servers = useLoopback({ dynamo: true });

// Few keys, so that histories collide: conditions that hold and fail, items updated and deleted again.
const PARTITIONS = ["EPISODE#a", "EPISODE#b", "STEP#a"];
const pk = fc.constantFrom(...PARTITIONS);
const sk = fc.constantFrom(
  "OPENED#2026-11-01",
  "OPENED#2026-11-02",
  "OPENED#2026-11-10",
  "A",
  "z",
  "é",
  "\u{1F600}",
  "\uE000",
);
const attribute = fc.constantFrom("version", "state", "count", "note");
const value = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom("open", "closed", ""),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
  fc.record({ at: fc.constantFrom("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"), n: fc.integer({ min: 0, max: 9 }) }),
);
const condition: fc.Arbitrary<Condition | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant({ kind: "absent" as const }),
  fc.record({ kind: fc.constant("absentOrBelow" as const), attribute, value: fc.integer({ min: -5, max: 5 }) }),
  fc.record({
    kind: fc.constant("equals" as const),
    attribute,
    value: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom("open", "closed")),
  }),
  fc.record({ kind: fc.constant("missing" as const), attribute }),
);
const attributes = fc.dictionary(attribute, fc.oneof(value, fc.constant(undefined)), { maxKeys: 3 });

type Op =
  | { op: "get"; pk: string; sk: string }
  | { op: "put"; item: Item; condition?: Condition }
  | {
      op: "update";
      update: {
        pk: string;
        sk: string;
        set: Record<string, unknown>;
        setIfAbsent?: Record<string, unknown>;
        bumpVersion?: boolean;
      };
      condition?: Condition;
    }
  | { op: "delete"; pk: string; sk: string }
  | { op: "query"; pk: string; fromSk?: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("get" as const), pk, sk }),
  fc.record({
    op: fc.constant("put" as const),
    item: fc.record({ pk, sk, extra: attributes }).map(({ pk, sk, extra }) => ({ ...extra, pk, sk }) as Item),
    condition,
  }),
  fc.record({
    op: fc.constant("update" as const),
    update: fc.record({ pk, sk, set: attributes, setIfAbsent: attributes, bumpVersion: fc.boolean() }),
    condition,
  }),
  fc.record({ op: fc.constant("delete" as const), pk, sk }),
  fc.record({ op: fc.constant("query" as const), pk, fromSk: fc.option(sk, { nil: undefined }) }),
);

function inPartitionsOf(prefix: string, o: Op): Op {
  switch (o.op) {
    case "put":
      return { ...o, item: { ...o.item, pk: prefix + o.item.pk } };
    case "update":
      return { ...o, update: { ...o.update, pk: prefix + o.update.pk } };
    default:
      return { ...o, pk: prefix + o.pk };
  }
}

async function apply(store: ItemStore, o: Op): Promise<unknown> {
  try {
    switch (o.op) {
      case "get":
        return { item: (await store.get(o.pk, o.sk)) ?? null };
      case "put":
        return { written: await store.put(copyOf(o.item), o.condition) };
      case "update":
        return { written: await store.update(copyOf(o.update), o.condition) };
      case "delete":
        await store.delete(o.pk, o.sk);
        return { deleted: true };
      case "query":
        return { items: await store.query(o.pk, o.fromSk) };
    }
  } catch (error) {
    return { refused: (error as Error).name };
  }
}

describe("the in-memory state table answers like DynamoDB", () => {
  it("over random histories: every answer, every item, in DynamoDB's sort-key order", async () => {
    await servers.dynamo.createTable("contract");
    const dynamo = dynamoItemStore(servers.dynamo.client, "contract");
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        // One table; each history in partitions of its own.
        const prefix = `run${run++}:`;
        const memory = memoryItemStore();
        for (const o of ops.map((o) => inPartitionsOf(prefix, o)))
          expect(await apply(memory, o), JSON.stringify(o)).toEqual(await apply(dynamo, o));
        for (const p of PARTITIONS) expect(await memory.query(prefix + p)).toEqual(await dynamo.query(prefix + p));
      }),
      {
        numRuns: Number(process.env.CONTRACT_RUNS ?? 100),
        examples: [
          // Found in CI: a version bumped where the item holds a list under that name.
          [
            [
              { op: "update", update: { pk: "EPISODE#a", sk: "s", set: { version: [] } } },
              { op: "update", update: { pk: "EPISODE#a", sk: "s", set: {}, bumpVersion: true } },
              { op: "query", pk: "EPISODE#a" },
            ],
          ],
        ],
      },
    );
  }, 600_000);

  it("refuses what DynamoDB refuses: an item over 400 KB, an empty or outsized key, a number it cannot store", async () => {
    await servers.dynamo.createTable("contract-limits");
    const dynamo = dynamoItemStore(servers.dynamo.client, "contract-limits");
    const memory = memoryItemStore();
    const just = (bytes: number) => ({ pk: "P", sk: "S", note: "x".repeat(bytes - "pknotesk".length - 2) });
    for (const [item, refused] of [
      [just(MAX_ITEM_BYTES), false],
      [just(MAX_ITEM_BYTES + 1), true],
      [{ pk: "P", sk: "" }, true],
      [{ pk: "P", sk: "S", n: Number.NaN }, true],
      [{ pk: "p".repeat(2048), sk: "S" }, false],
      [{ pk: "P", sk: "s".repeat(1024) }, false],
      [{ pk: "p".repeat(2049), sk: "S" }, true],
    ] as const) {
      const answers = [await apply(memory, { op: "put", item }), await apply(dynamo, { op: "put", item })];
      expect(answers[0], JSON.stringify(item).slice(0, 40)).toEqual(answers[1]);
      expect(answers[0], JSON.stringify(item).slice(0, 60)).toEqual(
        refused ? { refused: expect.any(String) } : { written: true },
      );
    }
    // DynamoDB counts a sort key's 1,024 in bytes; dynalite counts characters (its db/index.js), so here the
    // in-memory table follows DynamoDB's documented limit and not the stand-in: 513 "é" are 1,026 bytes.
    const multibyte = { pk: "P", sk: "é".repeat(513) };
    expect(await apply(memory, { op: "put", item: multibyte })).toEqual({ refused: "ValidationException" });
    expect(await apply(memory, { op: "put", item: { pk: "P", sk: "é".repeat(512) } })).toEqual({ written: true });
  });

  it("orders sort keys by their UTF-8 bytes, as DynamoDB does (not by UTF-16 code units)", () => {
    const keys = ["\uE000", "\u{1F600}", "z", "é", "A"];
    const bytes = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...keys].sort(compareUtf8)).toEqual(bytes);
    expect(bytes).not.toEqual([...keys].sort());
  });
});
