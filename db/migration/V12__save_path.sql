-- The search trigger (V10) on the save path. Every save paid for planning
-- record_search_vector's body again (a SQL function with a FROM clause is not inlined,
-- and before PostgreSQL 18 its plan is not kept between calls), and rewrote the vector
-- even when no text value had changed. Measured in one backend, 3,000 saves of a 1 KB
-- record (docs/benchmarks.md, "Save path and pages"): 0.32-0.37 ms of PostgreSQL CPU per
-- save without the trigger, 0.69-0.83 ms with V10's, 0.61-0.71 ms with this one, and
-- 0.46 ms instead of 0.82 ms for a save that changes no text value.
--
-- The text is now gathered in PL/pgSQL, whose plans are kept per session, in one loop
-- over the definition's text fields that also tells whether any of their values
-- changed: a save that changed none (only numbers, choices, dates, booleans) leaves the
-- vector as it is, which is what recomputing it under the same definition would give.

-- The text a record is found by, as in V10: its text and longtext values in field order
-- (missing ones skipped with their separator, as string_agg did), cut at 100,000
-- characters. Null when p_before is given and no text value differs from it.
create or replace function record_search_text(p_collection_id bigint, p_data jsonb, p_before jsonb) returns text
language plpgsql stable as $$
declare
    v_key text;
    v_value text;
    v_text text;
    v_changed boolean := p_before is null;
begin
    for v_key in
        select f.value ->> 'key'
        from collection c, jsonb_array_elements(c.fields) with ordinality f
        where c.id = p_collection_id and f.value ->> 'type' in ('text', 'longtext')
        order by f.ordinality
    loop
        v_value := p_data ->> v_key;
        v_changed := v_changed or v_value is distinct from p_before ->> v_key;
        if v_value is not null then
            v_text := case when v_text is null then v_value else v_text || ' ' || v_value end;
        end if;
    end loop;
    if not v_changed then
        return null;
    end if;
    return left(coalesce(v_text, ''), 100000);
end
$$;

create or replace function record_search_vector(p_collection_id bigint, p_data jsonb) returns tsvector
language plpgsql stable as $$
begin
    return to_tsvector('simple'::regconfig, record_search_text(p_collection_id, p_data, null));
end
$$;

create or replace function record_search_refresh() returns trigger
language plpgsql as $$
declare
    v_text text := record_search_text(new.collection_id, new.data,
                                      case when tg_op = 'UPDATE' then old.data end);
begin
    if v_text is null then
        return null;
    end if;
    insert into record_search (record_id, search)
    values (new.id, to_tsvector('simple'::regconfig, v_text))
    on conflict (record_id) do update set search = excluded.search;
    return null;
end
$$;
