import { decideReconcile } from "../core/reconcile/decide.js";
import { reconcileInput } from "../core/reconcile/input.js";
import { reaction } from "./lib/reaction.js";
import { reconcileRuntime } from "./lib/runtimes.js";
import { schedule } from "./lib/sources/schedule.js";

/** Every 5 minutes: converge floors, open pages and episodes with the alarms as they are (level-triggered). */
export const handler = reaction("reconcile", {
  runtime: reconcileRuntime,
  sources: [
    schedule(async (event, { stage, config, store, alarms, services, killSwitch, now }) =>
      decideReconcile(
        await reconcileInput({
          stage,
          config,
          store,
          alarms,
          services,
          killSwitch,
          now: now(),
          scheduledAt: new Date(event.time),
        }),
      ),
    ),
  ],
});
