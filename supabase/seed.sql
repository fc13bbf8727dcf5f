-- A business and a finalized invoice without a PDF, matching the sample events (events/sqs, events/app-bus),
-- for local runs of invoice-worker and invoice-sweep against a real database (see README, "Invoice workers").
-- Idempotent: running it again resets the invoice to "finalized, no PDF".

insert into public.businesses (id, user_id, name, legal_name, address, email, tax_id, locale)
values ('b8e1d4f2-5a3c-4e9b-8f7d-2c6a1e0b9d45', '5d1e6f2a-7b3c-4d8e-9f0a-1b2c3d4e5f60', 'Acme Plumbing & Heating',
        'Acme Plumbing & Heating LLC', E'1200 Market Street, Suite 400\nSan Francisco, CA 94103',
        'billing@acme-plumbing.example', '94-1234567', 'en-US')
on conflict (id) do nothing;

insert into public.invoices (id, business_id, invoice_number, customer_name, customer_email, customer_address,
                             status, currency, subtotal_cents, tax_cents, total_cents, issued_at, due_at,
                             updated_at)
values ('3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e', 'b8e1d4f2-5a3c-4e9b-8f7d-2c6a1e0b9d45', 'INV-2026-0042',
        'Maria Alvarez', 'maria.alvarez@example.com', E'77 Valencia Street\nSan Francisco, CA 94110',
        'finalized', 'USD', 125000, 10313, 135313, '2026-11-27T00:00:00Z', '2026-12-27T00:00:00Z',
        '2026-11-27T16:05:51.902118Z')
on conflict (id) do update set pdf_key = null, pdf_generated_at = null, pdf_version = null;

insert into public.invoice_line_items (invoice_id, position, description, quantity, unit_price_cents, tax_rate)
values ('3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e', 1, 'Emergency call-out, after hours', 1, 14500, 0.0825),
       ('3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e', 2, 'Labour, licensed plumber, per hour', 6.5, 9500, 0.0825),
       ('3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e', 3, 'Replace kitchen mixer tap', 1, 18900, 0.0825),
       ('3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e', 4, 'Copper pipe 15 mm, per metre', 6, 1275, 0.0825),
       ('3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e', 5, 'Compression fittings', 12, 385, 0.0825),
       ('3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e', 6, 'Thermostatic radiator valve', 2, 3150, 0.0825),
       ('3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e', 7, 'Disposal of old fixtures', 1, 4500, 0.0825),
       ('3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e', 8, 'Pressure test of the hot-water system and report', 1, 6780, 0.0825)
on conflict (invoice_id, position) do nothing;

-- Changed a quarter of an hour before the local world's clock (2026-11-27T03:20Z), so the sweep finds it.
-- Only the timestamp changes here, which does not make a new version.
update public.invoices set updated_at = '2026-11-27T03:05:00Z' where id = '3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e';
