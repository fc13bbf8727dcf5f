/** Signs a webhook body the way the database does (Standard Webhooks), for samples, tests and the bench. */
import { Webhook } from "standardwebhooks";

export interface SignOptions {
  id?: string;
  at?: Date;
}

export interface SignedHeaders {
  "content-type": string;
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
  [name: string]: string;
}

/** The headers the signed trigger sends with `body`. */
export function signedHeaders(body: string, secret: string, options: SignOptions = {}): SignedHeaders {
  const id = options.id ?? `msg_${crypto.randomUUID().replaceAll("-", "")}`;
  const at = options.at ?? new Date();
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, body),
  };
}
