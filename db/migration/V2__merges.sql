-- A merge revision records the version its author started from (base_version)
-- and the saved version it was merged with (merged_version).
alter table revision add column merged_version integer;

-- A collection can ask users to confirm clean automatic merges instead of
-- saving them at once.
alter table collection add column confirm_merges boolean not null default false;
