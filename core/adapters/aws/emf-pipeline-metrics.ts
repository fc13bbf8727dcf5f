/**
 * The pipeline's own health metrics, as CloudWatch Embedded Metric Format (one JSON line on stdout, no API
 * call): `Hero365/Pipeline` `SecretMissing` by stage and secret, so an unset secret is visible and alarmable.
 */
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

export const PIPELINE_NAMESPACE = "Hero365/Pipeline";

export const SECRET_MISSING = "SecretMissing";

export function emfSecretMissing(stage: string): (secretName: string) => void {
  return (secretName) => {
    // Two lines: by secret (which one to set), and by stage alone (what the stage's one alarm watches: a
    // CloudWatch alarm matches every dimension, so it cannot watch "any secret" in the first).
    const sets: Record<string, string>[] = [{ Stage: stage, Secret: secretName }, { Stage: stage }];
    for (const dimensions of sets) {
      const metrics = new Metrics({ namespace: PIPELINE_NAMESPACE });
      metrics.clearDefaultDimensions();
      metrics.setDefaultDimensions(dimensions);
      metrics.addMetric(SECRET_MISSING, MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    }
  };
}
