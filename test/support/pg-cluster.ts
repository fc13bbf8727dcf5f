/**
 * A throwaway PostgreSQL 15 cluster for one test file: initdb in a temp dir, a free loopback port,
 * `pg_stat_statements` preloaded, started and stopped by the test. As root, the server runs as `postgres`.
 */
import { execFile } from "node:child_process";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const BIN = "/usr/lib/postgresql/15/bin";

export interface PgCluster {
  port: number;
  url(database?: string): string;
  /** True when hypopg's files are installed (Debian's postgresql-15-hypopg). */
  hasHypopg: boolean;
  stop(): Promise<void>;
}

export async function startPgCluster(settings: Record<string, string> = {}): Promise<PgCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), "hero365-pg-"));
  const data = path.join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? await postgresIds() : undefined;
  if (ids) await chown(dir, ids.uid, ids.gid);
  const exec = (bin: string, args: string[]) =>
    run(
      asRoot ? "runuser" : path.join(BIN, bin),
      asRoot ? ["-u", "postgres", "--", path.join(BIN, bin), ...args] : args,
      {
        env: { ...process.env, LC_ALL: "C" },
      },
    );
  await exec("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const options = {
    listen_addresses: "127.0.0.1",
    port: String(port),
    unix_socket_directories: dir,
    shared_preload_libraries: "pg_stat_statements",
    "pg_stat_statements.track": "all",
    fsync: "off",
    ...settings,
  };
  const flags = Object.entries(options)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(" ");
  await exec("pg_ctl", ["-D", data, "-o", flags, "-l", path.join(dir, "server.log"), "-w", "start"]);
  const { access } = await import("node:fs/promises");
  const hasHypopg = await access("/usr/share/postgresql/15/extension/hypopg.control").then(
    () => true,
    () => false,
  );
  return {
    port,
    hasHypopg,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async stop() {
      await exec("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run("id", ["-u", "postgres"]);
  const { stdout: gid } = await run("id", ["-g", "postgres"]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
