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
  const bound = Object.keys(env)
    .filter((key) => key.startsWith("SST_Secret_value_"))
    .map((key) => key.slice("SST_Secret_value_".length));
  // One bound secret (the webhook ingest's): its one GetParameters, own and fallback path, without loading
  // sst/node/config (whose chunk costs a cold start more than the read itself).
  let only: Promise<string | undefined> | undefined;
  const readOnly = () => {
    only ??= readOne().then((read) => read(bound[0] as string));
    return only;
  };
  if (options.prefetch && bound.length === 1) readOnly().catch(() => undefined);
  else if (options.prefetch && bound.length > 1) bulk = loadBulk();

  return async (name) => {
    if (!env[`SST_Secret_value_${name}`]) {
      throw new ConfigurationError(
        `secret ${name} is not bound to this function (the stage's configuration does not use it)`,
      );
    }
    const cached = known.get(name);
    if (cached) return cached;
    let value: string | undefined;
    if (bound.length === 1) {
      // A failed or empty read is not kept: the next invocation reads again (the operator may set it meanwhile).
      try {
        value = await readOnly();
      } finally {
        if (!value) only = undefined;
      }
    } else {
      bulk ??= loadBulk();
      const all = await bulk;
      value = all ? (all.config[name] as string | undefined) : await (await readOne())(name);
    }
    if (!value) {
      await options.onMissing?.(name);
      throw new SecretNotSetError(name, options.stage);
    }
    known.set(name, value);
    return value;
  };
}
