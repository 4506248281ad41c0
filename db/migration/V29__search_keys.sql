-- A record's search vector holds the words of the text and longtext fields its collection
-- had when the record was last written (V12, V25): after an admin removed a text field, the
-- records were still found by its words, and a field made text (removed, then added back
-- as text) found nothing until each record's text changed. When a definition's text fields
-- change (their keys, in order), stet now makes the collection's vectors again, in batches,
-- in the background (stet.record.SearchVectors). search_keys are the keys the vectors were
-- last made for (a new collection: its first definition's); null (every collection before
-- this migration) is taken as in step with its definition, and set at its first pass.
alter table collection add column search_keys text[];
