-- Edit leases and live changes (issue 12).
--
-- A lease is advice: who is editing a record, until when. It never decides a save (the
-- version check does), except in an exclusive collection, where only the holder may save.
alter table collection
    add column exclusive     boolean not null default false,
    add column lease_minutes integer not null default 10 check (lease_minutes between 1 and 1440);

-- One lease per record. Taking one is a single INSERT … ON CONFLICT … DO UPDATE … WHERE the
-- current one has expired or is the same user's: it never waits on a user, and of two
-- users taking it at the same instant exactly one gets it. An expired row is a free lease
-- (nothing has to sweep it). session_id is the holder's session (app_session.id): a
-- beacon from a page of an older session does not release a lease a newer one renewed.
create table lease (
    record_id  bigint primary key references record (id) on delete cascade,
    user_id    bigint not null references app_user (id) on delete cascade,
    session_id text not null,
    taken_at   timestamptz not null,
    renewed_at timestamptz not null,
    expires_at timestamptz not null
);

-- An admin's break of someone's lease, for the audit log.
create table lease_break (
    id         bigint generated always as identity primary key,
    record_id  bigint not null references record (id) on delete cascade,
    holder_id  bigint not null references app_user (id) on delete cascade,
    held_since timestamptz not null,
    broken_by  bigint not null references app_user (id) on delete cascade,
    broken_at  timestamptz not null default now()
);
create index lease_break_time_idx on lease_break (broken_at desc, id desc);

-- Who has a record's page open, one row per open event stream, on any node. A node
-- renews its rows while their streams are open; a row whose node stopped renewing it
-- (a node that died) expires and is swept by any node.
create table presence (
    stream_id  uuid primary key,
    record_id  bigint not null references record (id) on delete cascade,
    user_id    bigint not null references app_user (id) on delete cascade,
    editing    boolean not null,
    expires_at timestamptz not null
);
create index presence_record_idx on presence (record_id);
create index presence_expires_idx on presence (expires_at);

-- Every node listens on one channel. Payloads are small ("saved 12 5", "deleted 12 6",
-- "lease 12", "broken 12", "presence 12"): details are read on demand, by the nodes that
-- have a page of that record open. A notification is sent when its transaction
-- commits, and never for one that rolls back; triggers cover every write path.
create function stet_notify_record() returns trigger
language plpgsql as $$
begin
    perform pg_notify('stet_events',
        case when new.deleted and not old.deleted then 'deleted ' else 'saved ' end || new.id || ' ' || new.version);
    return null;
end
$$;
create trigger record_events after update of version on record
    for each row when (old.version is distinct from new.version) execute function stet_notify_record();

create function stet_notify_lease() returns trigger
language plpgsql as $$
begin
    perform pg_notify('stet_events', 'lease ' || coalesce(new.record_id, old.record_id));
    return null;
end
$$;
create trigger lease_events after insert or delete on lease
    for each row execute function stet_notify_lease();
-- A renewal by the same holder changes only the expiry: the pages already know who holds it.
create trigger lease_change_events after update on lease
    for each row when (old.user_id <> new.user_id or old.session_id <> new.session_id or old.taken_at <> new.taken_at)
    execute function stet_notify_lease();

create function stet_notify_break() returns trigger
language plpgsql as $$
begin
    perform pg_notify('stet_events', 'broken ' || new.record_id);
    return null;
end
$$;
create trigger lease_break_events after insert on lease_break
    for each row execute function stet_notify_break();

create function stet_notify_presence() returns trigger
language plpgsql as $$
begin
    perform pg_notify('stet_events', 'presence ' || coalesce(new.record_id, old.record_id));
    return null;
end
$$;
create trigger presence_events after insert or delete on presence
    for each row execute function stet_notify_presence();
