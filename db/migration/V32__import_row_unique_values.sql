-- The values an import row gives unique fields (2026-11-28): {key: canonical value} for a new
-- row, and for a changed or cleanly merging row the unique values it changes; null for none.
-- The preview called a row new although another row of the same file gave the same value
-- (only the apply refused the second): the preview now compares them in one statement once
-- every row is stored (ImportStore.markDuplicates), without keeping a file's values in memory.
alter table import_row add column unique_values jsonb;
