-- Hero365 tables the pipeline reads and writes, with the seed's indexes ("Database Optimization").
-- Applied in order with the other files of this folder (supabase db push, or psql -f in tests).

create extension if not exists pgcrypto;

create table if not exists public.businesses (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null,
  name text not null,
  legal_name text,
  address text,
  email text,
  tax_id text,
  -- BCP 47 tag: how this business's invoices format amounts and dates (Intl.NumberFormat / DateTimeFormat).
  locale text not null default 'en-US' check (locale ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table if not exists public.jobs (
  id uuid primary key default gen_random_uuid(),
  business_id uuid not null references public.businesses (id) on delete cascade,
  title text not null,
  description text,
  status text not null default 'open' check (status in ('open', 'scheduled', 'in_progress', 'done', 'cancelled')),
  scheduled_for timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table if not exists public.invoices (
  id uuid primary key default gen_random_uuid(),
  business_id uuid not null references public.businesses (id) on delete cascade,
  job_id uuid references public.jobs (id) on delete set null,
  invoice_number text not null,
  customer_name text not null,
  customer_email text,
  customer_address text,
  status text not null default 'draft' check (status in ('draft', 'finalized', 'paid', 'void')),
  currency char(3) not null default 'USD',
  subtotal_cents bigint not null default 0,
  tax_cents bigint not null default 0,
  total_cents bigint not null default 0,
  issued_at timestamptz,
  due_at timestamptz,
  -- Bumped by every update (trigger below): the worker writes the PDF only for the version it rendered.
  version integer not null default 1,
  pdf_key text,
  pdf_generated_at timestamptz,
  -- The version the PDF at pdf_key was rendered from: a PDF is current only while it equals `version`.
  pdf_version integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (business_id, invoice_number),
  check (currency ~ '^[A-Z]{3}$'),
  check ((pdf_key is null) = (pdf_generated_at is null) and (pdf_key is null) = (pdf_version is null))
);

create table if not exists public.invoice_line_items (
  id uuid primary key default gen_random_uuid(),
  invoice_id uuid not null references public.invoices (id) on delete cascade,
  position integer not null,
  description text not null,
  quantity numeric(12, 3) not null check (quantity > 0),
  unit_price_cents bigint not null,
  tax_rate numeric(5, 4) not null default 0,
  unique (invoice_id, position)
);

-- The seed's indexes. (CONCURRENTLY is for live tables; a migration creating the table cannot use it.)
create index if not exists idx_businesses_user_id on public.businesses (user_id);
create index if not exists idx_jobs_business_id on public.jobs (business_id);
create index if not exists idx_jobs_status on public.jobs (status);
create index if not exists idx_jobs_business_status on public.jobs (business_id, status);
-- For the worker and the reconciliation sweep.
create index if not exists idx_invoice_line_items_invoice on public.invoice_line_items (invoice_id, position);
-- Finalized invoices without a PDF of their current version, oldest change first (the sweep's query).
create index if not exists idx_invoices_needing_pdf on public.invoices (updated_at)
  where status = 'finalized' and pdf_version is distinct from version;

create or replace function public.hero365_touch_invoice() returns trigger
language plpgsql as $$
begin
  -- The worker's own write (pdf_key, pdf_generated_at, pdf_version) does not make a new version.
  if (to_jsonb(new) - 'pdf_key' - 'pdf_generated_at' - 'pdf_version' - 'updated_at' - 'version')
     = (to_jsonb(old) - 'pdf_key' - 'pdf_generated_at' - 'pdf_version' - 'updated_at' - 'version') then
    return new;
  end if;
  new.version := old.version + 1;
  new.updated_at := now();
  return new;
end $$;

drop trigger if exists hero365_touch_invoice on public.invoices;
create trigger hero365_touch_invoice before update on public.invoices
  for each row execute function public.hero365_touch_invoice();

-- A line item is part of its invoice: changing one makes a new version of the invoice, so a PDF rendered
-- before the change is neither written back nor taken as current.
create or replace function public.hero365_touch_invoice_of_line_item() returns trigger
language plpgsql as $$
begin
  update public.invoices set version = version + 1, updated_at = now()
   where id in (select (case when tg_op = 'DELETE' then old else new end).invoice_id
                union select old.invoice_id where tg_op = 'UPDATE');
  return null;
end $$;

drop trigger if exists hero365_touch_invoice_of_line_item on public.invoice_line_items;
create trigger hero365_touch_invoice_of_line_item after insert or update or delete on public.invoice_line_items
  for each row execute function public.hero365_touch_invoice_of_line_item();
