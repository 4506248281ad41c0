-- The values a record list shows, kept apart from data when data holds a long value.
-- The list reads each row's shown values from its data in one jsonb_to_record call, and a
-- data with a long value (a longtext of 100 KB) is stored compressed out of line: every
-- list page decompressed the whole of it to show a title. Measured with the save
-- benchmark's list of 32 records, 8 of them with a 100 KB longtext: about 1 ms of
-- PostgreSQL CPU per page went to that (docs/benchmarks.md, "List and history pages").
--
-- listed is null when no value is longer than 1,000 characters (the longest a text field
-- accepts): such a data is small, and the list reads it instead. Otherwise it is the data
-- with every value cut at 1,000 characters: every value a list shows (text, number, date,
-- choice, boolean; never a longtext) in full, and at most 1,000 characters of a value that
-- was a longtext before its field's type changed.
create function record_listed(p_data jsonb) returns jsonb
language sql immutable parallel safe as $$
    select case when bool_or(length(value) > 1000) then jsonb_object_agg(key, left(value, 1000)) end
    from jsonb_each_text(p_data)
$$;

alter table record add column listed jsonb generated always as (record_listed(data)) stored;
