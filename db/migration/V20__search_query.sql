-- A search's words as a tsquery (issue 10), the way the list has always read them
-- (websearch_to_tsquery with the 'simple' configuration, as the vectors are made).
--
-- It exists for the plan cache. The list's search statements take the words as a
-- parameter; with websearch_to_tsquery called on it, PostgreSQL plans each run for its
-- words (a custom plan: 0.3-0.5 ms of planning per search at 10^6 records, as much as
-- running it), because a generic plan's estimates differ from a custom plan's. The list
-- calls this function in a sub-select of its own (an InitPlan, run once per statement):
-- its result is unknown to every plan alike, so that after five runs PostgreSQL keeps
-- the generic plan. PL/pgSQL, so that it is not inlined back into websearch_to_tsquery
-- and its cost of 1 is the one planned with; immutable, as websearch_to_tsquery is
-- with a fixed configuration.
create function stet_search_query(words text) returns tsquery
language plpgsql immutable strict parallel safe cost 1 as $$
begin
    return websearch_to_tsquery('simple'::regconfig, words);
end
$$;
