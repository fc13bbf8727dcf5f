/**
 * A throwaway database on the machine's PostgreSQL with the project's migrations applied in order, named
 * `hero365_<feature>_<random>` so parallel runs never meet, dropped afterwards.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { ROOT } from "./cli.js";

export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const MIGRATIONS = path.join(ROOT, "supabase/migrations");
/** The Hero365 schema: it must apply everywhere; later files may need what only Supabase has. */
const SCHEMA_MIGRATION = "20261127000100_hero365_schema.sql";

export interface TestDatabase {
  name: string;
  url: string;
  sql: postgres.Sql;
  /** Migrations left out because they need Supabase-only objects (vault, pg_net, ...), with the reason. */
  skipped: { file: string; reason: string }[];
  drop(): Promise<void>;
}

export async function createTestDatabase(feature: string): Promise<TestDatabase> {
  const name = `hero365_${feature}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(ADMIN_URL, name);
  const sql = postgres(url, { max: 4, onnotice: () => undefined });
  const skipped: TestDatabase["skipped"] = [];
  try {
    for (const file of (await readdir(MIGRATIONS)).filter((f) => f.endsWith(".sql")).sort()) {
      const text = await readFile(path.join(MIGRATIONS, file), "utf8");
      try {
        await sql.begin((tx) => tx.unsafe(text));
      } catch (error) {
        if (file === SCHEMA_MIGRATION || !needsSupabase(error)) throw error;
        skipped.push({ file, reason: (error as Error).message });
      }
    }
  } catch (error) {
    await sql.end();
    await admin.unsafe(`drop database if exists ${name}`);
    await admin.end();
    throw error;
  }
  return {
    name,
    url,
    sql,
    skipped,
    async drop() {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Supabase-only objects missing on plain PostgreSQL: an extension, a schema (vault, net), a function. */
function needsSupabase(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  if (code === "58P01" || code === "3F000" || code === "42883") return true;
  return /vault|pg_net|supabase_functions|\bnet\b/.test(message ?? "");
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
