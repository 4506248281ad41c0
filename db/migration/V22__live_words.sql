-- Only live records have words in record_word (issue 10).
--
-- V21 kept a deleted record's rows, as it keeps its vector. But the list's walk of a
-- one-word search in id order is unbounded (each record holding the word is a match unless
-- deleted), so it passed every deleted record of the word: slow for a word whose records
-- are almost all deleted. Now a record's rows leave with its delete and come back with its
-- restore; its vector stays in record_search, as before.
--
-- The invariant: a live record has a row for each word of its vector and no other; a
-- deleted record has none.

-- A vector written: unchanged, except that a deleted record's vector writes no rows.
create or replace function record_word_refresh() returns trigger
language plpgsql as $$
declare
    v_collection_id bigint;
    v_deleted boolean;
    v_record_id bigint;
    v_added text[];
    v_removed text[];
begin
    if tg_op = 'INSERT' then
        v_record_id := new.record_id;
        v_added := tsvector_to_array(new.search);
    elsif tg_op = 'UPDATE' then
        v_record_id := new.record_id;
        v_added := tsvector_to_array(ts_delete(new.search, tsvector_to_array(old.search)));
        v_removed := tsvector_to_array(ts_delete(old.search, tsvector_to_array(new.search)));
    else
        v_record_id := old.record_id;
        v_removed := tsvector_to_array(old.search);
    end if;
    select collection_id, deleted into v_collection_id, v_deleted from record where id = v_record_id;
    if v_deleted then
        return null;
    end if;
    if cardinality(v_removed) > 0 then
        delete from record_word
        where collection_id = v_collection_id and lexeme = any(v_removed) and record_id = v_record_id;
    end if;
    if cardinality(v_added) > 0 then
        insert into record_word (collection_id, lexeme, record_id)
        select v_collection_id, l, v_record_id from unnest(v_added) l;
    end if;
    return null;
end
$$;

-- A record deleted or restored: the words of its vector as it stands leave or come back.
-- The trigger's name sorts before record_search_update's, so when one statement both
-- deletes (or restores) a record and changes its data, this runs first, on the vector as
-- it was: a delete removes the rows that exist, and the vector's refresh then writes none;
-- a restore brings back the old vector's rows, and the refresh then moves them to the new.
create function record_word_listed() returns trigger
language plpgsql as $$
begin
    if new.deleted then
        delete from record_word w
        using record_search s, unnest(tsvector_to_array(s.search)) l
        where s.record_id = new.id
          and w.collection_id = new.collection_id and w.lexeme = l and w.record_id = new.id;
    else
        insert into record_word (collection_id, lexeme, record_id)
        select new.collection_id, l, new.id
        from record_search s, unnest(tsvector_to_array(s.search)) l
        where s.record_id = new.id
        on conflict do nothing;
    end if;
    return null;
end
$$;

create trigger record_listed_words after update of deleted on record
    for each row when (old.deleted is distinct from new.deleted) execute function record_word_listed();

delete from record_word w
using record r
where r.id = w.record_id and r.deleted;
