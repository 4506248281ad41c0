-- CSV imports (issue 13).
--
-- An upload is parsed as it streams in and every row is classified at once (the
-- preview); nothing is written to records before someone applies it. Applying is a job
-- in this table: workers on every node claim batches of its rows with
-- SELECT … FOR UPDATE SKIP LOCKED, and each batch is one transaction that writes its
-- records (each version-checked as a normal save) and sets the rows' applied flag, so no
-- row is applied twice and a node that dies mid-import leaves its batch to another.
create table import_job (
    id                 bigint generated always as identity primary key,
    collection_id      bigint not null references collection (id),
    -- The definition the preview was validated with; apply validates again against the current one.
    definition_version integer not null,
    uploaded_by        bigint not null references app_user (id),
    state              text not null check (state in ('previewing', 'ready', 'applying', 'done', 'failed')),
    -- The unique field rows without _id are matched on, or null: rows without _id create.
    match_field        text,
    -- The file's header, in its order (the rejected rows are written back with it).
    columns            text[] not null,
    -- What apply was told to leave out ('conflict', 'invalid'), and who started it.
    skip               text[] not null default '{}',
    applied_by         bigint references app_user (id),
    -- Rows in the file, and per outcome of the preview.
    total              integer not null default 0,
    count_new          integer not null default 0,
    count_changed      integer not null default 0,
    count_unchanged    integer not null default 0,
    count_invalid      integer not null default 0,
    count_stale        integer not null default 0,
    count_conflict     integer not null default 0,
    -- Rows apply has dealt with (written, found unchanged, or reported); total when done.
    applied            integer not null default 0,
    created_at         timestamptz not null default now(),
    finished_at        timestamptz,
    failure            text,
    reverted_at        timestamptz,
    reverted_by        bigint references app_user (id)
);
-- Workers look for jobs being applied.
create index import_job_applying_idx on import_job (id) where state = 'applying';

-- One row of an uploaded file, by its line number (the header is line 1).
create table import_row (
    import_id      bigint not null references import_job (id) on delete cascade,
    line           integer not null,
    -- new | changed | unchanged | invalid | stale (the record changed after the row's
    -- _version: a three-way merge, clean or conflicting).
    outcome        text not null check (outcome in ('new', 'changed', 'unchanged', 'invalid', 'stale')),
    conflict       boolean not null default false,
    -- The record the row updates (null: it creates one), and the version it starts from:
    -- the row's _version, or the version the preview saw.
    record_id      bigint references record (id),
    base_version   integer,
    -- The row's cells as in the file, by column (field keys, _id, _version).
    input          jsonb not null,
    -- A message per field (or per column: _id, _version) that makes the row invalid.
    messages       jsonb,
    -- The preview's difference: {key: [before, after]} for each value the row changes,
    -- and for a stale row the keys whose merge conflicts.
    diff           jsonb,
    conflicts      text[],
    -- The value matched on (match_field), for rows that name no _id.
    match_value    text,
    -- What apply made of it: created | updated | merged | unchanged | conflict | invalid | skipped,
    -- the version it wrote (or the record created), and why when it was not written.
    applied        boolean not null default false,
    result         text check (result in ('created', 'updated', 'merged', 'unchanged', 'conflict', 'invalid', 'skipped')),
    applied_version integer,
    result_message text,
    primary key (import_id, line)
);
-- A worker's batch: the next rows not yet applied, in line order.
create index import_row_pending_idx on import_row (import_id, line) where not applied;

-- Every revision an import writes has kind 'import' and the import's id.
alter table revision add column import_id bigint references import_job (id);
create index revision_import_idx on revision (import_id, record_id, version) where import_id is not null;
