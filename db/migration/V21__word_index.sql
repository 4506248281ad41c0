-- The words of each record in record id order (issue 10): what lets a search for a word
-- that a thousand records of a million hold find the first page of them in the list's
-- order without a visit to every one.
--
-- The GIN index of record_search (V10) finds a word's records but in no order, and gives
-- no index-only scans: each match is a visit to its record_search row (1,000 rows on
-- 1,000 heap pages for a word in 1,000 of 10^6 records) before the ids can be ordered
-- and the first 51 kept. Here every record's words are rows of a btree ordered by
-- (collection, word, record id): a search in the list's default order (by id) walks the
-- rows of its rarest required word from its cursor, index-only, and stops when its page
-- is full; a search in another order gets the ids of every record holding that word
-- from the index alone.
--
-- The rows are the lexemes of record_search.search, kept by a trigger on that table, so
-- that the two never disagree whoever writes the vectors: a record whose vector holds a
-- word has a row for it, and no other record does. Deleted records keep their rows, as
-- they keep their vectors (the list leaves them out). No foreign key: the rows are
-- written by the trigger alone, and a key would check the record once per word of every
-- vector written.
create table record_word (
    collection_id bigint not null,
    lexeme        text   not null,
    record_id     bigint not null,
    primary key (collection_id, lexeme, record_id)
);

-- A vector written: the words it gained get rows, the words it lost lose theirs
-- (ts_delete of the other vector's words leaves a vector's own).
create function record_word_refresh() returns trigger
language plpgsql as $$
declare
    v_collection_id bigint;
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
    select collection_id into v_collection_id from record where id = v_record_id;
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

create trigger record_word_insert after insert on record_search
    for each row execute function record_word_refresh();
create trigger record_word_update after update of search on record_search
    for each row when (old.search is distinct from new.search) execute function record_word_refresh();
create trigger record_word_delete after delete on record_search
    for each row execute function record_word_refresh();

insert into record_word (collection_id, lexeme, record_id)
select r.collection_id, l, s.record_id
from record_search s
join record r on r.id = s.record_id,
     unnest(tsvector_to_array(s.search)) l;
