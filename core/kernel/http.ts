/**
 * An HTTP exchange as core sees it, whatever carried it (a Lambda Function URL, a local server): handlers
 * adapt their transport's request into `HttpRequest` and send back the `HttpResponse`.
 */
export interface HttpRequest {
  method: string;
  /** Header names in lower case, repeated headers joined with ", " (as Function URLs pass them). */
  headers: Readonly<Record<string, string | undefined>>;
  /** The raw body, decoded to text (UTF-8); "" when there is none. */
  body: string;
}

export interface HttpResponse {
  status: number;
  /** Sent as JSON. Never holds a secret or the request's payload. */
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  /** For the function's log only, never sent: what happened behind the answer. */
  note?: string;
}
