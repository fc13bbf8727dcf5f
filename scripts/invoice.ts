/**
 * `npm run invoice -- <invoice.json> [--out file.pdf] [--locale xx-YY]`: renders an invoice file (business,
 * invoice, lines; events/schemas/invoice-document.ts) to the PDF the invoice worker would put in S3, with no
 * database and no AWS. Says which fonts it embedded and which characters no font has.
 */
import "./lib/cli-guard.js";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { codePointName } from "../core/invoices/decide-pdf.js";
import { invoiceDocumentOf } from "../core/invoices/document-file.js";
import { renderInvoice } from "../core/invoices/pdf.js";
import { InvoiceFileSchema, LocaleSchema } from "../events/index.js";
import { runCommand, UsageError } from "./lib/cli.js";

await runCommand(
  {
    command: "npm run invoice",
    usage: "<invoice.json> [--out <file.pdf>] [--locale <xx-YY>]",
    about:
      "Renders an invoice file to the PDF the invoice worker writes, offline: a preview for a template change or\n" +
      "a customer's question. The file is the business, the invoice and its lines (samples: events/invoices/).",
    options: {
      out: { type: "string", value: "<file.pdf>", help: "where to write the PDF (default: <invoice file name>.pdf)" },
      locale: {
        type: "string",
        value: "<xx-YY>",
        help: "format amounts and dates for this locale instead of the business's",
      },
    },
    positionals: { names: ["<invoice.json>"], required: 1 },
    stage: "this command reads no stage",
    examples: [
      { run: "npm run invoice -- events/invoices/japanese.json --out /tmp/ja.pdf", does: "a Japanese invoice" },
      {
        run: "npm run invoice -- events/invoices/latin.json --locale de-DE --out /tmp/de.pdf",
        does: "the same invoice as a German business would print it",
      },
    ],
  },
  async ({ values, positionals: [file = ""] }) => {
    const document = invoiceDocumentOf(await readInvoice(file));
    if (values.locale !== undefined) {
      const parsed = LocaleSchema.safeParse(values.locale);
      if (!parsed.success) throw new UsageError(`--locale ${parsed.error.issues[0]?.message}`);
      document.business.locale = values.locale;
    }
    const out = values.out ?? `${path.basename(file, path.extname(file))}.pdf`;
    let rendered: Awaited<ReturnType<typeof renderInvoice>>;
    try {
      rendered = await renderInvoice(document, document.invoice.issuedAt ?? new Date());
    } catch (error) {
      // Intl rejects a currency or locale it does not know with a RangeError.
      if (error instanceof RangeError) throw new UsageError(`${file}: ${error.message}`, { cause: error });
      throw error;
    }
    await writeFile(out, rendered.pdf);
    const fonts = rendered.fonts.length ? rendered.fonts.join(", ") : "Helvetica only, nothing embedded";
    process.stdout.write(`wrote ${out} (${rendered.pdf.byteLength} bytes; fonts: ${fonts})\n`);
    if (rendered.missingCodePoints.length) {
      process.stderr.write(
        `no font has ${rendered.missingCodePoints.map(codePointName).join(" ")}: drawn as U+FFFD (�)\n`,
      );
    }
  },
);

async function readInvoice(file: string) {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code})`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = InvoiceFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "the file";
    throw new UsageError(`${file} is not an invoice: ${where}: ${issue?.message}`);
  }
  return parsed.data;
}
