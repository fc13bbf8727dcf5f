/**
 * The pipeline's own health metrics, as CloudWatch Embedded Metric Format (one JSON line on stdout, no API
 * call): `Hero365/Pipeline` `SecretMissing` by stage and secret, so an unset secret is visible and alarmable.
 */
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

export const PIPELINE_NAMESPACE = "Hero365/Pipeline";

export function emfSecretMissing(stage: string): (secretName: string) => void {
  return (secretName) => {
    const metrics = new Metrics({ namespace: PIPELINE_NAMESPACE });
    metrics.clearDefaultDimensions();
    metrics.setDefaultDimensions({ Stage: stage, Secret: secretName });
    metrics.addMetric("SecretMissing", MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
  };
}
