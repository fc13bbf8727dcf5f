/**
 * Errors of calls that carry a secret, with the secret taken out. fetch quotes a URL it cannot parse ("Failed to
 * parse URL from <webhook URL>") and a header value it refuses (`"Bearer <token>" is an invalid header value`);
 * Node's URL errors keep the whole URL, a database password included, in `input`. Such an error would carry the
 * secret into the effect's error, the audit record and the logs. The error keeps its class, name, code and cause
 * chain: only the secret's text is replaced, in messages, stacks, own properties and causes.
 */

export const REDACTED = "[redacted]";

/** Runs `call`; whatever it throws is rethrown without any of `secrets`. */
export async function withoutSecrets<T>(secrets: readonly string[], call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw redactSecrets(error, secrets);
  }
}

/**
 * `error` with every occurrence of the secrets (and their trimmed forms, and a URL's password) replaced.
 * @example redactSecrets(new TypeError(`Failed to parse URL from ${url}`), [url]).message // "Failed to parse URL from [redacted]"
 */
export function redactSecrets<E>(error: E, secrets: readonly string[]): E {
  const texts = [...new Set(secrets.flatMap(forms))].filter((t) => t.length >= 4).sort((a, b) => b.length - a.length);
  const scrub = (text: string) => texts.reduce((out, secret) => out.replaceAll(secret, REDACTED), text);
  return redact(error, scrub, new Set()) as E;
}

/** The secret as given, trimmed, without control characters, and a URL's password raw and decoded. */
function forms(secret: string): string[] {
  const out = [secret, secret.trim(), secret.replace(/[\p{Cc}]/gu, "")];
  const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:(.+)@[^@]*$/i.exec(secret)?.[1];
  if (password) {
    out.push(password);
    try {
      out.push(decodeURIComponent(password));
    } catch {
      // Not percent-encoded correctly: the raw form above is what messages would quote.
    }
  }
  return out;
}

function redact(value: unknown, scrub: (text: string) => string, seen: Set<object>): unknown {
  if (typeof value === "string") return scrub(value);
  if (typeof value !== "object" || value === null || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, scrub, seen));
  if (!(value instanceof Error) && Object.getPrototypeOf(value) !== Object.prototype) return value;
  // Own properties, the non-enumerable ones of an Error included: message, stack, cause, Node's `input`.
  for (const key of Object.getOwnPropertyNames(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (!descriptor || !("value" in descriptor)) continue;
    const next = redact(descriptor.value, scrub, seen);
    if (next !== descriptor.value && (descriptor.writable || descriptor.configurable)) {
      Object.defineProperty(value, key, { ...descriptor, value: next });
    }
  }
  return value;
}
