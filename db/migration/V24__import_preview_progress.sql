-- An upload is previewed by the request that uploads it, its job committed first as
-- 'previewing'. A node that dies while reading (killed, or its machine lost) would leave
-- the job 'previewing' for good. Every chunk of rows stored moves read_at; workers fail a
-- preview that has not moved for minutes, saying the upload stopped.
alter table import_job add column read_at timestamptz not null default now();
create index import_job_previewing_idx on import_job (read_at) where state = 'previewing';
