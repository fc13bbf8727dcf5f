import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets, withoutSecrets } from "../../core/adapters/http/redact.js";

const URL_SECRET = "https://hooks.example.com/services/T000/B000/XXXXsecretXXXX";

describe("redacting secrets from errors", () => {
  it("replaces the secret in the message, the stack and a cause's own properties, keeping class, name and code", () => {
    const cause = Object.assign(new TypeError("Invalid URL"), { code: "ERR_INVALID_URL", input: URL_SECRET });
    const error = new TypeError(`Failed to parse URL from ${URL_SECRET}`, { cause });

    const redacted = redactSecrets(error, [URL_SECRET]);

    expect(redacted).toBe(error);
    expect(redacted).toBeInstanceOf(TypeError);
    expect(redacted.message).toBe(`Failed to parse URL from ${REDACTED}`);
    expect(redacted.stack).not.toContain("XXXXsecretXXXX");
    expect(redacted.cause).toMatchObject({ name: "TypeError", code: "ERR_INVALID_URL", input: REDACTED });
  });

  it("finds the secret trimmed or without control characters, and a URL's password raw and decoded", () => {
    const token = "xoxb-1234-secret-token\u0000";
    const url = "postgres://app:p%40ss%2Fword-42@db.example.com:6543/postgres";
    const errors = [
      new TypeError('Headers.append: "Bearer xoxb-1234-secret-token" is an invalid header value.'),
      new Error("password p@ss/word-42 rejected, p%40ss%2Fword-42 as given"),
    ];

    redactSecrets(errors[0], [token]);
    redactSecrets(errors[1], [url]);

    expect(errors[0]?.message).toBe(`Headers.append: "Bearer ${REDACTED}" is an invalid header value.`);
    expect(errors[1]?.message).toBe(`password ${REDACTED} rejected, ${REDACTED} as given`);
  });

  it("walks the errors of an AggregateError and plain objects on an error, and survives cycles", () => {
    const inner = new Error(`connect to ${URL_SECRET} failed`);
    const error = Object.assign(new AggregateError([inner], "all failed"), { request: { url: URL_SECRET } });
    (inner as { cause?: unknown }).cause = error;

    redactSecrets(error, [URL_SECRET]);

    expect(inner.message).toBe(`connect to ${REDACTED} failed`);
    expect(error.request.url).toBe(REDACTED);
  });

  it("rethrows what a call throws without the secret, and passes its result through", async () => {
    await expect(withoutSecrets(["s3cr3t-value"], async () => 42)).resolves.toBe(42);
    await expect(
      withoutSecrets(["s3cr3t-value"], async () => {
        throw new Error("bad token s3cr3t-value");
      }),
    ).rejects.toThrow(`bad token ${REDACTED}`);
  });
});
