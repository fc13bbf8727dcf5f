import { Hero365Error } from "../errors.js";

/** An external API answered, but not with what the adapter needs (a missing service, a refused request). */
export class AdapterError extends Hero365Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AdapterError";
  }
}
