/**
 * A fresh database of its own on the machine's PostgreSQL (127.0.0.1:5432, user postgres, or PG* variables),
 * named `hero365_<feature>_<random>` so concurrent runs never meet, with the project's migrations applied.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../supabase/migrations");

export interface TestDatabase {
  name: string;
  sql: postgres.Sql;
  /** Applies every migration under supabase/migrations, in file-name order. */
  migrate(): Promise<void>;
  drop(): Promise<void>;
}

function connect(database: string): postgres.Sql {
  return postgres({
    host: process.env.PGHOST ?? "127.0.0.1",
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? "postgres",
    password: process.env.PGPASSWORD,
    database,
    max: 4,
    onnotice: () => undefined,
  });
}

export async function createTestDatabase(feature: string): Promise<TestDatabase> {
  const name = `hero365_${feature}_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = connect("postgres");
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const sql = connect(name);
  return {
    name,
    sql,
    async migrate() {
      for (const file of (await readdir(MIGRATIONS)).filter((f) => f.endsWith(".sql")).sort()) {
        await sql.unsafe(await readFile(path.join(MIGRATIONS, file), "utf8")).simple();
      }
    },
    async drop() {
      await sql.end();
      const admin = connect("postgres");
      try {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/**
 * Minimal stand-ins for what only Supabase has: Vault's `decrypted_secrets` view (a table here) and pg_net's
 * `net.http_post`, with pg_net's signature and its body conversion (`convert_to(body::text, 'UTF8')`), queueing
 * into `net.http_request_queue` like pg_net does, so a test reads exactly what pg_net would send.
 */
export async function installSupabaseStandIns(sql: postgres.Sql, secrets: Record<string, string>): Promise<void> {
  await sql
    .unsafe(`
    create schema vault;
    create table vault.decrypted_secrets (name text primary key, decrypted_secret text not null);
    revoke all on schema vault from public;
    create schema net;
    create table net.http_request_queue (
      id bigserial primary key,
      method text not null,
      url text not null,
      headers jsonb not null,
      body bytea,
      timeout_milliseconds integer not null
    );
    revoke all on schema net from public;
    create function net.http_post(
      url text,
      body jsonb default '{}'::jsonb,
      params jsonb default '{}'::jsonb,
      headers jsonb default '{"Content-Type": "application/json"}'::jsonb,
      timeout_milliseconds integer default 5000
    ) returns bigint language sql as $$
      insert into net.http_request_queue (method, url, headers, body, timeout_milliseconds)
      values ('POST', url, headers, convert_to(body::text, 'UTF8'), timeout_milliseconds)
      returning id
    $$;
  `)
    .simple();
  for (const [name, value] of Object.entries(secrets)) {
    await sql`insert into vault.decrypted_secrets (name, decrypted_secret) values (${name}, ${value})`;
  }
}
