/** The sample events under events/, loaded once; tests `structuredClone` what they take. */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export const EVENTS_DIR = path.resolve(import.meta.dirname, "../../events");

export interface Sample {
  /** Path relative to events/, e.g. `cloudwatch/cpu-high.alarm.json`. */
  name: string;
  event: unknown;
}

export async function loadSamples(folders: readonly string[] = ["cloudwatch", "supabase"]): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const folder of folders) {
    const files = (await readdir(path.join(EVENTS_DIR, folder)).catch(() => [])).filter((f) => f.endsWith(".json"));
    for (const file of files.sort()) {
      const name = `${folder}/${file}`;
      samples.push({ name, event: JSON.parse(await readFile(path.join(EVENTS_DIR, name), "utf8")) });
    }
  }
  return samples;
}
