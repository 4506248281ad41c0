-- How a search reads text (2026-11-29). The vectors and the searches were read by PostgreSQL's
-- default text-search parser, which does not do what docs/stable-surface.md promises ("any
-- other character separates words"): it keeps URLs, hosts, e-mail addresses, file paths and
-- signed numbers as single words ("path" did not find "http://example.com/path", "foo" not
-- "foo@example.org", "2" not "-2+3"), drops HTML-like tags and entities, and, in a database
-- with the C locale, takes every character outside ASCII for a letter, so that a dash "—", an
-- arrow or a zero-width space joined the words on either side. The search itself went to
-- websearch_to_tsquery as typed, which reads "- tie" (a dash, a space, a word) as "not tie"
-- and a dangling "or" ("tie or") as a word every match must hold.
--
-- And a record's text was its text fields joined in field order and cut at 100,000 characters
-- in all, so that a short field after a long longtext (a record's code after its 105,000
-- character body) was not searched at all.
--
-- Now:
-- * stet_search_words reads a text for the parser: characters of Unicode's punctuation,
--   symbol, separator, control and private-use categories (and the zero-width space) become
--   spaces, invisible format characters (soft hyphen, joiners, direction marks) are dropped;
--   letters, marks and digits stay, and unassigned code points too (a letter of a newer
--   Unicode). The parser then sees only words and spaces, whatever the database's locale. The
--   classes are Java 17's (Unicode 13) categories, as stet.record.SearchText reads them.
-- * record_search_text reads each text field on its own (its first 100,000 characters,
--   folded and read as above) and shares 100,000 characters among them, shortest first: each
--   field gets its whole text or an equal share of what the shorter ones left, so that every
--   text field (at most 1,000 characters, 100 fields) is searched whole, and only the longest
--   longtexts are cut, at the end. The shortest come first in the text, so that their words
--   also have the first of the 16,383 positions a vector keeps for phrases.
-- * stet_search_query_text reads a search the same way, keeping what the docs call its
--   syntax: "a phrase", a "-" that starts a word or a phrase (not a lone one), "or" between
--   two words or phrases (one at either end, or doubled, is dropped); words joined by other
--   characters without a space ("e-mail", "example.com/path", "1.5.2") are read as a phrase.
--   Its result is what websearch_to_tsquery reads.

-- Characters that separate words: as a bracket expression's ranges (PostgreSQL's regular
-- expressions compare code points in ranges, whatever the collation).
create function stet_search_separators() returns text
language sql immutable parallel safe as $$
    select ''
        || '\u0001-\u002f\u003a-\u0040\u005b-\u0060\u007b-\u00a9\u00ab-\u00ac\u00ae-\u00b1\u00b4\u00b6-\u00b8'
        || '\u00bb\u00bf\u00d7\u00f7\u02c2-\u02c5\u02d2-\u02df\u02e5-\u02eb\u02ed\u02ef-\u02ff\u0375\u037e'
        || '\u0384-\u0385\u0387\u03f6\u0482\u055a-\u055f\u0589-\u058a\u058d-\u058f\u05be\u05c0\u05c3\u05c6'
        || '\u05f3-\u05f4\u0606-\u060f\u061b\u061e-\u061f\u066a-\u066d\u06d4\u06de\u06e9\u06fd-\u06fe'
        || '\u0700-\u070d\u07f6-\u07f9\u07fe-\u07ff\u0830-\u083e\u085e\u0964-\u0965\u0970\u09f2-\u09f3'
        || '\u09fa-\u09fb\u09fd\u0a76\u0af0-\u0af1\u0b70\u0bf3-\u0bfa\u0c77\u0c7f\u0c84\u0d4f\u0d79\u0df4\u0e3f'
        || '\u0e4f\u0e5a-\u0e5b\u0f01-\u0f17\u0f1a-\u0f1f\u0f34\u0f36\u0f38\u0f3a-\u0f3d\u0f85\u0fbe-\u0fc5'
        || '\u0fc7-\u0fcc\u0fce-\u0fda\u104a-\u104f\u109e-\u109f\u10fb\u1360-\u1368\u1390-\u1399\u1400'
        || '\u166d-\u166e\u1680\u169b-\u169c\u16eb-\u16ed\u1735-\u1736\u17d4-\u17d6\u17d8-\u17db\u1800-\u180a'
        || '\u1940\u1944-\u1945\u19de-\u19ff\u1a1e-\u1a1f\u1aa0-\u1aa6\u1aa8-\u1aad\u1b5a-\u1b6a\u1b74-\u1b7c'
        || '\u1bfc-\u1bff\u1c3b-\u1c3f\u1c7e-\u1c7f\u1cc0-\u1cc7\u1cd3\u1fbd\u1fbf-\u1fc1\u1fcd-\u1fcf'
        || '\u1fdd-\u1fdf\u1fed-\u1fef\u1ffd-\u1ffe\u2000-\u200b\u2010-\u2029\u202f-\u205f\u207a-\u207e'
        || '\u208a-\u208e\u20a0-\u20bf\u2100-\u2101\u2103-\u2106\u2108-\u2109\u2114\u2116-\u2118\u211e-\u2123'
        || '\u2125\u2127\u2129\u212e\u213a-\u213b\u2140-\u2144\u214a-\u214d\u214f\u218a-\u218b\u2190-\u2426'
        || '\u2440-\u244a\u249c-\u24e9\u2500-\u2775\u2794-\u2b73\u2b76-\u2b95\u2b97-\u2bff\u2ce5-\u2cea'
        || '\u2cf9-\u2cfc\u2cfe-\u2cff\u2d70\u2e00-\u2e2e\u2e30-\u2e52\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5'
        || '\u2ff0-\u2ffb\u3000-\u3004\u3008-\u3020\u3030\u3036-\u3037\u303d-\u303f\u309b-\u309c\u30a0\u30fb'
        || '\u3190-\u3191\u3196-\u319f\u31c0-\u31e3\u3200-\u321e\u322a-\u3247\u3250\u3260-\u327f\u328a-\u32b0'
        || '\u32c0-\u33ff\u4dc0-\u4dff\ua490-\ua4c6\ua4fe-\ua4ff\ua60d-\ua60f\ua673\ua67e\ua6f2-\ua6f7'
        || '\ua700-\ua716\ua720-\ua721\ua789-\ua78a\ua828-\ua82b\ua836-\ua839\ua874-\ua877\ua8ce-\ua8cf'
        || '\ua8f8-\ua8fa\ua8fc\ua92e-\ua92f\ua95f\ua9c1-\ua9cd\ua9de-\ua9df\uaa5c-\uaa5f\uaa77-\uaa79'
        || '\uaade-\uaadf\uaaf0-\uaaf1\uab5b\uab6a-\uab6b\uabeb\ue000-\uf8ff\ufb29\ufbb2-\ufbc1\ufd3e-\ufd3f'
        || '\ufdfc-\ufdfd\ufe10-\ufe19\ufe30-\ufe52\ufe54-\ufe66\ufe68-\ufe6b\uff01-\uff0f\uff1a-\uff20'
        || '\uff3b-\uff40\uff5b-\uff65\uffe0-\uffe6\uffe8-\uffee\ufffc-\ufffd\U00010100-\U00010102'
        || '\U00010137-\U0001013f\U00010179-\U00010189\U0001018c-\U0001018e\U00010190-\U0001019c\U000101a0'
        || '\U000101d0-\U000101fc\U0001039f\U000103d0\U0001056f\U00010857\U00010877-\U00010878\U0001091f'
        || '\U0001093f\U00010a50-\U00010a58\U00010a7f\U00010ac8\U00010af0-\U00010af6\U00010b39-\U00010b3f'
        || '\U00010b99-\U00010b9c\U00010ead\U00010f55-\U00010f59\U00011047-\U0001104d\U000110bb-\U000110bc'
        || '\U000110be-\U000110c1\U00011140-\U00011143\U00011174-\U00011175\U000111c5-\U000111c8\U000111cd'
        || '\U000111db\U000111dd-\U000111df\U00011238-\U0001123d\U000112a9\U0001144b-\U0001144f'
        || '\U0001145a-\U0001145b\U0001145d\U000114c6\U000115c1-\U000115d7\U00011641-\U00011643'
        || '\U00011660-\U0001166c\U0001173c-\U0001173f\U0001183b\U00011944-\U00011946\U000119e2'
        || '\U00011a3f-\U00011a46\U00011a9a-\U00011a9c\U00011a9e-\U00011aa2\U00011c41-\U00011c45'
        || '\U00011c70-\U00011c71\U00011ef7-\U00011ef8\U00011fd5-\U00011ff1\U00011fff\U00012470-\U00012474'
        || '\U00016a6e-\U00016a6f\U00016af5\U00016b37-\U00016b3f\U00016b44-\U00016b45\U00016e97-\U00016e9a'
        || '\U00016fe2\U0001bc9c\U0001bc9f\U0001d000-\U0001d0f5\U0001d100-\U0001d126\U0001d129-\U0001d164'
        || '\U0001d16a-\U0001d16c\U0001d183-\U0001d184\U0001d18c-\U0001d1a9\U0001d1ae-\U0001d1e8'
        || '\U0001d200-\U0001d241\U0001d245\U0001d300-\U0001d356\U0001d6c1\U0001d6db\U0001d6fb\U0001d715'
        || '\U0001d735\U0001d74f\U0001d76f\U0001d789\U0001d7a9\U0001d7c3\U0001d800-\U0001d9ff'
        || '\U0001da37-\U0001da3a\U0001da6d-\U0001da74\U0001da76-\U0001da83\U0001da85-\U0001da8b\U0001e14f'
        || '\U0001e2ff\U0001e95e-\U0001e95f\U0001ecac\U0001ecb0\U0001ed2e\U0001eef0-\U0001eef1'
        || '\U0001f000-\U0001f02b\U0001f030-\U0001f093\U0001f0a0-\U0001f0ae\U0001f0b1-\U0001f0bf'
        || '\U0001f0c1-\U0001f0cf\U0001f0d1-\U0001f0f5\U0001f10d-\U0001f1ad\U0001f1e6-\U0001f202'
        || '\U0001f210-\U0001f23b\U0001f240-\U0001f248\U0001f250-\U0001f251\U0001f260-\U0001f265'
        || '\U0001f300-\U0001f6d7\U0001f6e0-\U0001f6ec\U0001f6f0-\U0001f6fc\U0001f700-\U0001f773'
        || '\U0001f780-\U0001f7d8\U0001f7e0-\U0001f7eb\U0001f800-\U0001f80b\U0001f810-\U0001f847'
        || '\U0001f850-\U0001f859\U0001f860-\U0001f887\U0001f890-\U0001f8ad\U0001f8b0-\U0001f8b1'
        || '\U0001f900-\U0001f978\U0001f97a-\U0001f9cb\U0001f9cd-\U0001fa53\U0001fa60-\U0001fa6d'
        || '\U0001fa70-\U0001fa74\U0001fa78-\U0001fa7a\U0001fa80-\U0001fa86\U0001fa90-\U0001faa8'
        || '\U0001fab0-\U0001fab6\U0001fac0-\U0001fac2\U0001fad0-\U0001fad6\U0001fb00-\U0001fb92'
        || '\U0001fb94-\U0001fbca\U000f0000-\U000ffffd\U00100000-\U0010fffd'$$;

-- Invisible format characters (Unicode's Cf but the zero-width space), dropped: a soft hyphen
-- or a joiner inside a word leaves the word whole.
create function stet_search_ignored() returns text
language sql immutable parallel safe as $$
    select ''
        || '\u00ad\u0600-\u0605\u061c\u06dd\u070f\u08e2\u180e\u200c-\u200f\u202a-\u202e\u2060-\u2064'
        || '\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3'
        || '\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f'$$;

-- A folded text as the parser reads it: words and single spaces.
create function stet_search_words(p_text text) returns text
language sql immutable strict parallel safe as $$
    select regexp_replace(regexp_replace(p_text, '[' || stet_search_ignored() || ']+', '', 'g'),
                          '[' || stet_search_separators() || ']+', ' ', 'g')
$$;

-- As in V25, each text field read on its own, and 100,000 characters shared among them (see
-- above). Null when p_before is given and no text value differs from it.
create or replace function record_search_text(p_collection_id bigint, p_data jsonb, p_before jsonb) returns text
language plpgsql stable as $$
declare
    v_key text;
    v_value text;
    v_texts text[] := '{}';
    v_changed boolean := p_before is null;
    v_left integer := 100000;
    v_fields integer;
    v_text text;
    v_result text := '';
begin
    for v_key in
        select f.value ->> 'key'
        from collection c, jsonb_array_elements(c.fields) with ordinality f
        where c.id = p_collection_id and f.value ->> 'type' in ('text', 'longtext')
        order by f.ordinality
    loop
        v_value := p_data ->> v_key;
        v_changed := v_changed or v_value is distinct from p_before ->> v_key;
        if v_value is not null and v_value <> '' then
            v_texts := v_texts || v_value;
        end if;
    end loop;
    if not v_changed then
        -- Before any text is read: a save that changed no text value pays for nothing here.
        return null;
    end if;
    v_fields := cardinality(v_texts);
    for v_i in 1 .. v_fields loop
        -- Cut before the fold, so that a long text is not folded whole.
        v_texts[v_i] := stet_search_words(stet_search_fold(left(v_texts[v_i], 100000)));
    end loop;
    for v_text in select t from unnest(v_texts) with ordinality u (t, n) order by length(t), n loop
        v_text := left(v_text, v_left / v_fields);
        v_result := v_result || ' ' || v_text;
        v_left := v_left - length(v_text);
        v_fields := v_fields - 1;
    end loop;
    return v_result;
end
$$;

-- One word, phrase or "or" of a search (see stet_search_query_text); null for no words.
create function stet_search_query_item(p_words text[], p_excluded boolean, p_quoted boolean) returns text
language sql immutable parallel safe as $$
    select case
        when cardinality(p_words) = 0 then null
        when not p_quoted and not p_excluded and cardinality(p_words) = 1 and lower(p_words[1]) = 'or' then 'or'
        else case when p_excluded then '-' else '' end
            || case when cardinality(p_words) = 1 and lower(p_words[1]) <> 'or' then p_words[1]
                    else '"' || array_to_string(p_words, ' ') || '"' end
    end
$$;

-- A search as websearch_to_tsquery is to read it: its words folded and read as the vectors'
-- (stet_search_words), in terms separated by white space, "quoted phrases", a "-" starting a
-- term or a phrase, and "or" between two of them. stet.record.SearchText is the same reading
-- in Java, for the list's estimates.
create function stet_search_query_text(p_words text) returns text
language plpgsql immutable strict parallel safe as $$
declare
    v_separator constant text := '^[' || stet_search_separators() || ']';
    v_space constant text := '^[\t\n\u000b\f\r\u001c-\u0020\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]';
    v_token text;
    v_words text[] := '{}';
    v_items text[] := '{}';
    v_item text;
    v_excluded boolean := false;
    v_quoted boolean := false;
    v_term_start boolean := true;
    v_result text[] := '{}';
begin
    for v_token in
        select m[1]
        from regexp_matches(regexp_replace(stet_search_fold(p_words), '[' || stet_search_ignored() || ']+', '', 'g'),
                            '([^' || stet_search_separators() || ']+|.)', 'g') m
    loop
        if v_token = '"' then
            -- A quote ends the term or phrase before it; a "-" just before an opening one excludes the phrase.
            if v_quoted or cardinality(v_words) > 0 then
                v_items := v_items || stet_search_query_item(v_words, v_excluded, v_quoted);
                v_words := '{}';
                v_excluded := false;
            end if;
            v_quoted := not v_quoted;
            v_term_start := not v_quoted;
        elsif v_token !~ v_separator then
            v_words := v_words || v_token;
            v_term_start := false;
        elsif v_quoted then
            -- Inside a phrase every other character separates words, a "-" too.
            null;
        elsif v_token ~ v_space then
            v_items := v_items || stet_search_query_item(v_words, v_excluded, false);
            v_words := '{}';
            v_excluded := false;
            v_term_start := true;
        elsif v_token = '-' and v_term_start then
            v_excluded := true;
            v_term_start := false;
        else
            v_term_start := false;
        end if;
    end loop;
    v_items := v_items || stet_search_query_item(v_words, v_excluded, v_quoted);
    -- "or" only between two terms: dropped at the start, at the end and when doubled.
    foreach v_item in array v_items loop
        if v_item is not null and not (v_item = 'or' and (cardinality(v_result) = 0 or v_result[cardinality(v_result)] = 'or')) then
            v_result := v_result || v_item;
        end if;
    end loop;
    if v_result[cardinality(v_result)] = 'or' then
        v_result := v_result[1:cardinality(v_result) - 1];
    end if;
    return array_to_string(v_result, ' ');
end
$$;

-- The search's words read as the vectors' (V20, V25).
create or replace function stet_search_query(words text) returns tsquery
language plpgsql immutable strict parallel safe cost 1 as $$
begin
    return websearch_to_tsquery('simple'::regconfig, stet_search_query_text(words));
end
$$;

-- Vectors written before are made again at the next start, in the background, as for a changed
-- definition (V29, stet.record.SearchVectors): no collection's vectors are now taken as made
-- for its text fields. A collection without text fields has nothing to make ('{}' is its keys).
update collection set search_keys = '{}';
