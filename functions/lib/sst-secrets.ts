/**
 * A deployed function's secrets, each read independently. `sst/node/config` fetches every bound secret when
 * it is imported and rejects the whole import if any one is unset, which would fail every channel for the sake
 * of one. So its import is tried once per container; if it fails, each secret is read on its own from SSM at
 * the same paths, with the same fallback. A secret with no value throws `SecretNotSetError` (and counts a
 * `SecretMissing` metric): only the effects that need it fail.
 */
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { SecretName } from "../../core/config/secrets.js";
import { ConfigurationError, SecretNotSetError } from "../../core/kernel/errors.js";

export interface SstSecretsOptions {
  stage: string;
  env?: NodeJS.ProcessEnv;
  /** The SSM client, created (and loaded) only when a secret is read one by one. */
  ssm: () => SSMClient | Promise<SSMClient>;
  onMissing?: (name: SecretName) => void | Promise<void>;
  /**
   * Start reading the bound secrets now, beside the invocation's first reads, instead of at the first effect that
   * needs one: the SSM round trip then no longer comes between deciding and acting.
   */
  prefetch?: boolean;
}

export function sstSecrets(options: SstSecretsOptions): (name: SecretName) => Promise<string> {
  const env = options.env ?? process.env;
  const known = new Map<SecretName, string>();
  let bulk: Promise<{ config: Record<string, unknown> } | undefined> | undefined;
  const readOne = async () => {
    const [{ ssmSecretReader }, client] = await Promise.all([
      import("../../core/adapters/aws/ssm-secrets.js"),
      options.ssm(),
    ]);
    return ssmSecretReader(client, { prefix: env.SST_SSM_PREFIX ?? "", app: env.SST_APP ?? "" });
  };

  // A failed import stays failed for the container (ES modules cache their failure): read one by one from then on.
  // Boxed: SST's Config is a proxy that throws on unknown keys, `then` included, so it cannot be awaited bare.
  const loadBulk = () =>
    import("sst/node/config").then(
      (m) => ({ config: m.Config as unknown as Record<string, unknown> }),
      () => undefined,
    );
  if (options.prefetch && Object.keys(env).some((key) => key.startsWith("SST_Secret_value_"))) bulk = loadBulk();

  return async (name) => {
    if (!env[`SST_Secret_value_${name}`]) {
      throw new ConfigurationError(
        `secret ${name} is not bound to this function (the stage's configuration does not use it)`,
      );
    }
    const cached = known.get(name);
    if (cached) return cached;
    bulk ??= loadBulk();
    const all = await bulk;
    const value = all ? (all.config[name] as string | undefined) : await (await readOne())(name);
    if (!value) {
      await options.onMissing?.(name);
      throw new SecretNotSetError(name, options.stage);
    }
    known.set(name, value);
    return value;
  };
}
