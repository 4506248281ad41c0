-- A word is found however Unicode spells it (2026-11-28). The vectors and the searches
-- kept the bytes typed, lower-cased: "Café" pasted from a Mac (e + a combining accent)
-- was not found by "café" typed as one letter, nor "ﬁne" (a ligature) by "fine", nor
-- "ＦＵＬＬ" (full-width) by "full", nor "Straße" by "STRASSE" (whose lower case is
-- "strasse"), nor "Καφές" by "ΚΑΦΈΣ" (whose lower case ends in σ, not the final ς).
--
-- Both sides now go through one fold before PostgreSQL reads their words: Unicode's
-- compatibility composition (NFKC: one form for an accented letter, ligatures and
-- full-width forms as the letters they stand for), "ß" and its capital as "ss", and the
-- final sigma as σ. Accents still count ("cafe" does not find "café"): the 'simple'
-- configuration keeps what was typed, and stripping accents changes words in many
-- languages. stet.record.SearchFold is the same fold in Java, for the list's estimates.
-- A text already in that form (most are) is only checked, at a third of a fold's cost.
create function stet_search_fold(p_text text) returns text
language sql immutable strict parallel safe as $$
    select case when t ~ '[ßẞς]' then translate(replace(replace(t, 'ß', 'ss'), 'ẞ', 'ss'), 'ς', 'σ') else t end
    from (select case when p_text is nfkc normalized then p_text else normalize(p_text, nfkc) end) n (t)
$$;

-- As in V12, the text folded. It is cut before the fold (so that a long text is not
-- folded whole) and after it (a fold may lengthen a text: "ß" is two letters after it).
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
    return left(stet_search_fold(left(coalesce(v_text, ''), 100000)), 100000);
end
$$;

-- The search's words folded as the vectors' are (V20).
create or replace function stet_search_query(words text) returns tsquery
language plpgsql immutable strict parallel safe cost 1 as $$
begin
    return websearch_to_tsquery('simple'::regconfig, stet_search_fold(words));
end
$$;

-- Vectors written before: only a text with a letter outside ASCII can fold differently,
-- and only a vector that changes is written (its words' rows follow, V21).
with folded as (
    select r.id, to_tsvector('simple'::regconfig, record_search_text(r.collection_id, r.data, null)) as search
    from record r
    where r.data::text ~ '[^\x01-\x7f]'
)
update record_search s
set search = f.search
from folded f
where s.record_id = f.id and s.search is distinct from f.search;
