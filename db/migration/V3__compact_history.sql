-- Compact history: a revision stores either the record's full data (a snapshot)
-- or a delta against the revision before it. Snapshots are taken at the first
-- version and at fixed intervals, so reading any version applies a bounded number
-- of deltas. Existing rows keep their full data.
alter table revision alter column data drop not null;
alter table revision add column delta jsonb;
alter table revision add constraint revision_data_or_delta check ((data is null) <> (delta is null));

-- The audit log pages through all revisions by time, optionally by author.
create index revision_created_idx on revision (created_at desc, record_id desc, version desc);
create index revision_author_idx on revision (author_id, created_at desc);

-- Deleted records of a collection, for the admin's list.
create index record_deleted_idx on record (collection_id, id) where deleted;
