import { describe, expect, it, vi } from "vitest";
import { ConfigurationError, SecretNotSetError } from "../../core/kernel/errors.js";
import { sstSecrets } from "../../functions/lib/sst-secrets.js";

describe("reading a deployed function's secrets", () => {
  it("refuses a secret the function is not bound to, without reading SSM, and says it is not a missing value", async () => {
    const ssm = vi.fn();
    const secret = sstSecrets({ stage: "prod", env: {}, ssm });
    const error = await secret("GITHUB_TOKEN").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).not.toBeInstanceOf(SecretNotSetError);
    expect((error as Error).message).toMatch(/GITHUB_TOKEN is not bound/);
    expect(ssm).not.toHaveBeenCalled();
  });
});
