/**
 * Reads one SST v2 `Config.Secret` from SSM, at the paths `sst/node/config` uses: the stage's own parameter
 * (`<SST_SSM_PREFIX>Secret/<NAME>/value`), else the app-wide fallback (`/sst/<app>/.fallback/Secret/<NAME>/value`,
 * set with `sst secrets set --fallback`). Undefined when neither is set.
 */
import { GetParametersCommand, type SSMClient } from "@aws-sdk/client-ssm";

export interface SsmSecretPaths {
  /** `SST_SSM_PREFIX`: `/sst/<app>/<stage>/`. */
  prefix: string;
  /** `SST_APP`. */
  app: string;
}

export function ssmSecretReader(client: SSMClient, paths: SsmSecretPaths) {
  return async (name: string): Promise<string | undefined> => {
    const own = `${paths.prefix}Secret/${name}/value`;
    const fallback = `/sst/${paths.app}/.fallback/Secret/${name}/value`;
    // One request for both: GetParameters lists the names it does not know instead of failing.
    const { Parameters = [] } = await client.send(
      new GetParametersCommand({ Names: [own, fallback], WithDecryption: true }),
    );
    const value = (path: string) => Parameters.find((p) => p.Name === path)?.Value || undefined;
    return value(own) ?? value(fallback);
  };
}
