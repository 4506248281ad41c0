-- Finding records among a million: full-text search over a record's text fields.
--
-- Why a maintained tsvector and not trigram indexes: fields are defined by admins at
-- run time, so no migration can name them; one vector per record covers every text
-- and longtext field whatever they are called, its GIN index answers word searches
-- without reading the records, and websearch_to_tsquery makes any input a valid
-- query (quotes, "or", a leading "-"), so user input never becomes SQL or a pattern.
-- Trigram ILIKE would also find word fragments, but its index is several times the
-- size of the text (longtext values hold up to 500,000 characters) and every save of
-- a long text would rewrite it. The 'simple' configuration neither stems nor drops
-- stop words: records are written in any language, and a search for "the" or a
-- product code must find what was typed.
--
-- The vectors live in a table of their own, filled by a trigger on the one record
-- table, so every write path (insert, update, restore, import) keeps them current in
-- the same transaction without code of its own, and the readers of record rows
-- (RETURNING, the record pages) never fetch them.
create table record_search (
    record_id bigint primary key references record (id),
    search    tsvector not null
);
create index record_search_idx on record_search using gin (search);

-- The text a record is found by: its text and longtext values in field order, under
-- the collection's definition at the time of the write. Cut at 100,000 characters:
-- a tsvector holds at most 1 MB, and a save must never fail because its text is
-- long.
create function record_search_vector(p_collection_id bigint, p_data jsonb) returns tsvector
language sql stable as $$
    select to_tsvector('simple'::regconfig,
                       left(coalesce(string_agg(p_data ->> (f.value ->> 'key'), ' ' order by f.ordinality), ''),
                            100000))
    from collection c, jsonb_array_elements(c.fields) with ordinality f
    where c.id = p_collection_id and f.value ->> 'type' in ('text', 'longtext')
$$;

create function record_search_refresh() returns trigger
language plpgsql as $$
begin
    insert into record_search (record_id, search)
    values (new.id, record_search_vector(new.collection_id, new.data))
    on conflict (record_id) do update set search = excluded.search;
    return null;
end
$$;

create trigger record_search_insert after insert on record
    for each row execute function record_search_refresh();
-- Only a change of the values changes the vector: a delete or a restore with the
-- same values rewrites nothing.
create trigger record_search_update after update of data on record
    for each row when (old.data is distinct from new.data) execute function record_search_refresh();

insert into record_search (record_id, search)
select id, record_search_vector(collection_id, data) from record;
