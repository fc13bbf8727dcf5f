import { decideReconcile } from "../core/reconcile/decide.js";
import { reconcileInput } from "../core/reconcile/input.js";
import { currentRuntime, need } from "./lib/runtime.js";
import { scheduledReaction } from "./lib/scheduled-reaction.js";

/** Every 5 minutes: converge floors, open pages and episodes with the alarms as they are (level-triggered). */
export const handler = scheduledReaction(
  "reconcile",
  async (event, runtime) =>
    decideReconcile(
      await reconcileInput({
        stage: runtime.stage,
        config: runtime.config,
        store: runtime.store,
        alarms: need(runtime, "alarms"),
        services: need(runtime, "services"),
        killSwitch: need(runtime, "killSwitch"),
        now: runtime.now(),
        scheduledAt: new Date(event.time),
      }),
    ),
  () => currentRuntime(() => import("./lib/reconcile-runtime.js").then((m) => m.reconcileAwsRuntime())),
);
