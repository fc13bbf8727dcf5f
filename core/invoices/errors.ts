/**
 * Why an invoice job fails. Each fails its own SQS record (never the batch): it is retried, then parked in
 * the dead-letter queue, and the message says why.
 */
import { Hero365Error } from "../kernel/errors.js";

export class InvoiceError extends Hero365Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InvoiceError";
  }
}

/** No invoice with that id belongs to that business (deleted, or a wrong pair in the message). */
export class InvoiceNotFoundError extends InvoiceError {
  constructor(
    readonly invoiceId: string,
    readonly businessId: string,
  ) {
    super(`invoice ${invoiceId} of business ${businessId} not found`);
    this.name = "InvoiceNotFoundError";
  }
}

/** The invoice's data cannot be rendered as stored (an unknown currency, a broken locale, ...). */
export class InvalidInvoiceError extends InvoiceError {
  constructor(invoiceId: string, problem: string, options?: { cause?: unknown }) {
    super(`invoice ${invoiceId} cannot be rendered: ${problem}`, options);
    this.name = "InvalidInvoiceError";
  }
}

/** The row changed while its PDF was rendered, so the PDF was not recorded on it. */
export class InvoiceVersionChangedError extends InvoiceError {
  constructor(
    readonly invoiceId: string,
    readonly renderedVersion: number,
  ) {
    super(`invoice ${invoiceId} changed after version ${renderedVersion} was rendered; render it again`);
    this.name = "InvoiceVersionChangedError";
  }
}
