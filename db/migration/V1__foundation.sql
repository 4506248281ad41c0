-- stet's schema. Migrations are the only place the schema is defined; the jOOQ
-- classes are generated from them at build time.

create table app_user (
    id            bigint generated always as identity primary key,
    username      text not null unique check (username ~ '^[a-z0-9][a-z0-9_.-]{0,39}$'),
    display_name  text not null check (length(display_name) between 1 and 100),
    password_hash text not null,
    role          text not null check (role in ('editor', 'admin')),
    created_at    timestamptz not null default now()
);

-- Sessions live in the database so that any number of app nodes can serve one
-- database. The id is the SHA-256 of the cookie value: a leaked table does not
-- leak usable cookies.
create table app_session (
    id         text primary key,
    user_id    bigint not null references app_user (id) on delete cascade,
    csrf_token text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
);
create index app_session_user_idx on app_session (user_id);
create index app_session_expires_idx on app_session (expires_at);

-- Secrets shared by every node (the HMAC key of the version tokens, ...).
create table app_secret (
    name  text primary key,
    value bytea not null
);

-- A collection is a typed schema for records. Its definition (the field list,
-- as JSON) is versioned and saved with the same optimistic check as records.
create table collection (
    id         bigint generated always as identity primary key,
    slug       text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name       text not null check (length(name) between 1 and 200),
    fields     jsonb not null,
    version    integer not null check (version >= 1),
    updated_at timestamptz not null default now(),
    updated_by bigint references app_user (id)
);

create table collection_revision (
    collection_id bigint not null references collection (id),
    version       integer not null,
    author_id     bigint references app_user (id),
    created_at    timestamptz not null default now(),
    name          text not null,
    fields        jsonb not null,
    primary key (collection_id, version)
);

-- A record's values are canonical strings keyed by field key.
create table record (
    id            bigint generated always as identity primary key,
    collection_id bigint not null references collection (id),
    data          jsonb not null,
    version       integer not null check (version >= 1),
    deleted       boolean not null default false,
    created_at    timestamptz not null default now(),
    created_by    bigint references app_user (id),
    updated_at    timestamptz not null default now(),
    updated_by    bigint references app_user (id)
);
-- Keyset paging of a collection's live records.
create index record_collection_idx on record (collection_id, id) where not deleted;

-- Append-only: one row for every change of a record, written in the same
-- transaction as the change. The primary key is a second guard against two
-- writers both creating version n.
create table revision (
    record_id      bigint not null references record (id),
    version        integer not null check (version >= 1),
    kind           text not null check (kind in ('create', 'update', 'merge', 'delete', 'restore', 'revert', 'undo', 'import')),
    author_id      bigint references app_user (id),
    created_at     timestamptz not null default now(),
    base_version   integer,
    comment        text,
    changed_fields text[] not null,
    data           jsonb not null,
    primary key (record_id, version)
);

-- Values of fields marked unique. The primary key makes uniqueness race-safe:
-- of two transactions inserting the same value, one waits and then fails.
create table unique_value (
    collection_id bigint not null references collection (id),
    field_key     text not null,
    value         text not null,
    record_id     bigint not null references record (id),
    primary key (collection_id, field_key, value)
);
create index unique_value_record_idx on unique_value (record_id);

-- A create form carries an idempotency key: a double-click or a retried POST
-- finds the record the first request created instead of creating another. The
-- row is claimed before the record is inserted (record_id filled in after), so a
-- second request with the same key waits for the first and then finds its record.
create table create_request (
    user_id         bigint not null references app_user (id),
    idempotency_key text not null check (length(idempotency_key) between 1 and 100),
    record_id       bigint references record (id),
    created_at      timestamptz not null default now(),
    primary key (user_id, idempotency_key)
);
