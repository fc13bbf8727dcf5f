/**
 * A command with a bug, for the tests of the crash report: it throws a TypeError (with a cause) from its
 * main function, or, with CRASH_AT=load, while its modules load.
 */
import "../../scripts/lib/cli-guard.js";
import { runCommand } from "../../scripts/lib/cli.js";

if (process.env.CRASH_AT === "load") throw new TypeError("Cannot read properties of undefined (reading 'stage')");

await runCommand(
  {
    command: "npm run crash",
    usage: "",
    about: "Crashes.",
    options: {},
    stage: "none",
    examples: [],
  },
  () => {
    const cause = new RangeError("Invalid time value");
    throw new TypeError("Cannot read properties of undefined (reading 'tier')", { cause });
  },
);
