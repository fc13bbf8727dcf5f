-- Signed database webhooks. Every row change of the tables the pipeline consumes is posted to the ingest (the
-- supabase-webhook Function URL) in the shape Supabase's Database Webhooks use, {type, table, schema, record,
-- old_record}, but signed with the Standard Webhooks scheme (https://www.standardwebhooks.com/): headers
-- webhook-id, webhook-timestamp and webhook-signature = "v1," + base64(HMAC-SHA256(key, id.timestamp.body)).
-- Supabase's own webhooks are unsigned, so the ingest could not tell them from anyone else's requests.
--
-- Plain PostgreSQL runs everything here except two things that only exist on Supabase, each read in its own
-- function when a trigger fires: Supabase Vault (the URL and the secret) and pg_net (the POST, queued in the
-- transaction and sent after commit). Without Vault (a local database, the tests) the triggers send nothing.
--
-- Configure on Supabase (SQL editor), once per project:
--   select vault.create_secret('<the supabase-webhook Function URL>', 'hero365_webhook_url');
--   select vault.create_secret('whsec_<base64 key>', 'hero365_webhook_secret');  -- = SUPABASE_WEBHOOK_SECRET

create extension if not exists pgcrypto;

-- Not `public`: PostgREST exposes `public` as RPC, and these functions read a secret.
create schema if not exists hero365_webhooks;
revoke all on schema hero365_webhooks from public;

-- The Standard Webhooks signature of one message. `secret` is "whsec_" + the base64 key, as the ingest's
-- `standardwebhooks` library reads it. Signs the body's text as UTF-8, the bytes pg_net puts on the wire.
create or replace function hero365_webhooks.signature(msg_id text, msg_timestamp bigint, body text, secret text)
returns text
language plpgsql immutable strict parallel safe
as $$
declare
  key bytea := decode(regexp_replace(secret, '^whsec_', ''), 'base64');
begin
  if length(key) = 0 then
    raise exception 'hero365 webhook secret is empty' using errcode = 'invalid_parameter_value';
  end if;
  -- 32 bytes encode to 44 characters: encode() breaks lines only after 76.
  return 'v1,' || encode(hmac(convert_to(msg_id || '.' || msg_timestamp || '.' || body, 'UTF8'), key, 'sha256'), 'base64');
end
$$;

-- pgcrypto lives in `extensions` on Supabase and in `public` on a plain database: pin the signature function to
-- wherever it is, behind pg_catalog, so no one can shadow hmac() with a function of their own.
do $$
declare
  crypto_schema text := (
    select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pgcrypto'
  );
begin
  execute format(
    'alter function hero365_webhooks.signature(text, bigint, text, text) set search_path = pg_catalog, %I',
    crypto_schema
  );
end
$$;

-- The headers of one signed request; a fresh id and the current time unless given (tests pin them).
create or replace function hero365_webhooks.signed_headers(
  body text,
  secret text,
  msg_id text default 'msg_' || replace(gen_random_uuid()::text, '-', ''),
  msg_timestamp bigint default floor(extract(epoch from clock_timestamp()))::bigint
)
returns jsonb
language plpgsql volatile
set search_path = ''
as $$
begin
  return jsonb_build_object(
    'Content-Type', 'application/json',
    'webhook-id', msg_id,
    'webhook-timestamp', msg_timestamp::text,
    'webhook-signature', hero365_webhooks.signature(msg_id, msg_timestamp, body, secret)
  );
end
$$;

-- The payload Supabase's Database Webhooks send for a row change.
create or replace function hero365_webhooks.payload(op text, table_name text, table_schema text, new_row jsonb, old_row jsonb)
returns jsonb
language sql immutable
set search_path = ''
as $$
  select pg_catalog.jsonb_build_object(
    'type', op,
    'table', table_name,
    'schema', table_schema,
    'record', case when op = 'DELETE' then null else new_row end,
    'old_record', case when op = 'INSERT' then null else old_row end
  )
$$;

-- Supabase only: a Vault secret by name; null where there is no Vault (plain PostgreSQL) or no such secret.
create or replace function hero365_webhooks.vault_secret(secret_name text)
returns text
language plpgsql stable security definer
set search_path = ''
as $$
declare
  value text;
begin
  if pg_catalog.to_regclass('vault.decrypted_secrets') is null then
    return null;
  end if;
  select s.decrypted_secret into value from vault.decrypted_secrets s where s.name = secret_name;
  return value;
end
$$;

-- Supabase only: queues the signed POST with pg_net (sent after commit). Returns pg_net's request id, or null when
-- this database is not set up to send (no Vault, no pg_net, or the two Vault secrets missing).
create or replace function hero365_webhooks.send(payload jsonb)
returns bigint
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  url text;
  secret text;
begin
  if pg_catalog.to_regclass('vault.decrypted_secrets') is null then
    return null;
  end if;
  url := hero365_webhooks.vault_secret('hero365_webhook_url');
  secret := hero365_webhooks.vault_secret('hero365_webhook_secret');
  if url is null or secret is null then
    -- Failing the application's write would be worse than a missing event: the reconciliation sweep catches up.
    raise warning 'hero365 webhook not sent: Vault secrets hero365_webhook_url and hero365_webhook_secret must both be set';
    return null;
  end if;
  if pg_catalog.to_regprocedure('net.http_post(text, jsonb, jsonb, jsonb, integer)') is null then
    raise warning 'hero365 webhook not sent: the pg_net extension is not enabled';
    return null;
  end if;
  -- pg_net sends convert_to(payload::text, 'UTF8'): sign that same text.
  return net.http_post(
    url := url,
    body := payload,
    params := '{}'::jsonb,
    headers := hero365_webhooks.signed_headers(payload::text, secret),
    timeout_milliseconds := 5000
  );
end
$$;

-- The trigger. Security definer: it runs for whichever role writes the row (anon, authenticated, service_role),
-- none of which may read Vault or call pg_net themselves.
create or replace function hero365_webhooks.on_row_change()
returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform hero365_webhooks.send(hero365_webhooks.payload(
    tg_op,
    tg_table_name,
    tg_table_schema,
    case when tg_op = 'DELETE' then null else pg_catalog.to_jsonb(new) end,
    case when tg_op = 'INSERT' then null else pg_catalog.to_jsonb(old) end
  ));
  return null;
end
$$;

revoke all on all functions in schema hero365_webhooks from public;

-- The tables the pipeline consumes (core/ingest/tables.ts lists the same). Updates that change nothing send nothing.
drop trigger if exists hero365_webhook_insert_delete on public.invoices;
create trigger hero365_webhook_insert_delete
  after insert or delete on public.invoices
  for each row execute function hero365_webhooks.on_row_change();

drop trigger if exists hero365_webhook_update on public.invoices;
create trigger hero365_webhook_update
  after update on public.invoices
  for each row when (old.* is distinct from new.*) execute function hero365_webhooks.on_row_change();
