-- Remembered resolutions (issue 15). When a user saves a merge page, each conflict
-- they decided by a choice is remembered here, keyed by the SHA-256 of its three
-- texts (original, theirs, yours; each length-prefixed, UTF-8), so that the same
-- conflict met again in the same collection is offered the earlier resolution as
-- its suggestion ("as Alice resolved it on 3 March"). The latest resolution wins.
create table merge_resolution (
    collection_id bigint not null references collection (id) on delete cascade,
    texts_hash    bytea not null check (length(texts_hash) = 32),
    resolution    text not null,
    resolved_by   bigint references app_user (id) on delete set null,
    resolved_at   timestamptz not null default now(),
    primary key (collection_id, texts_hash)
);
