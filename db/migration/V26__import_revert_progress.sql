-- An import is reverted in batches, one transaction each. A revert that stops part-way
-- (a lock or statement timeout, the collection's definition saved meanwhile, its node
-- stopped) is run again and finishes the rest: what each record came to is kept here, in
-- the transaction of the batch that reverted it, so a record is reverted once, and the
-- report of the finished revert lists every record whichever run dealt with it. The
-- import is marked reverted (reverted_at) only when every record is done.
create table import_revert (
    import_id       bigint not null references import_job (id) on delete cascade,
    record_id       bigint not null references record (id),
    -- The version the import wrote.
    version         integer not null,
    -- reverted (back to its values from before the import) | deleted (the import created it)
    -- | changed_since (changed after the import: left as it is) | refused (why: message).
    outcome         text not null check (outcome in ('reverted', 'deleted', 'changed_since', 'refused')),
    -- For changed_since: the version it was at, and whether it was deleted.
    current_version integer,
    deleted         boolean not null default false,
    message         text,
    primary key (import_id, record_id, version)
);

-- One revert of an import runs at a time: the request that runs it takes the claim, and
-- each batch it commits checks and moves it. A claim that has not moved for minutes was
-- left by a node that stopped mid-revert, and another request may take it over.
alter table import_job add column revert_claim uuid;
alter table import_job add column revert_claimed_at timestamptz;
