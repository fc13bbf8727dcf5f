/**
 * scale-ecs: decision latency in-process, and the bundle size and cold import time of the function against a
 * bare one-SDK-client handler built the same way, as ratios (issue goals: ≤ 5 ms p99, ≤ 250 KB, ≤ 1.5×).
 */
import { decideScaleOut } from "../core/scaling/decide.js";
import { scaleInput } from "../test/support/scaling.js";
import { percentile } from "./lib/stats.js";

export function decisionLatency(iterations = 20_000) {
  const inputs = [
    scaleInput("growth", "backend", { observed: 91 }),
    scaleInput("scale", "frontend", { observed: 75 }),
    scaleInput("enterprise", "backend", { observed: 140 }),
    scaleInput("growth", "backend", { paused: true }),
  ];
  for (let i = 0; i < 2_000; i++) decideScaleOut(inputs[i % inputs.length] as never);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const input = inputs[i % inputs.length] as Parameters<typeof decideScaleOut>[0];
    const t = performance.now();
    decideScaleOut(input);
    samples.push(performance.now() - t);
  }
  return { iterations, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99) };
}
