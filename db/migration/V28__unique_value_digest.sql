-- Unique values are keyed by their SHA-256, not by themselves (2026-11-28). A b-tree entry
-- holds at most 2,704 bytes, and a text field's 1,000 characters are up to 4,000 bytes of
-- UTF-8 (3 bytes a CJK character, 4 beyond the BMP): a create, save or import of such a
-- value in a unique field, or an admin making a field unique while a record held one,
-- failed with "index row size exceeds btree maximum" (SQLSTATE 54000) and answered 500.
-- The digest has a fixed size whatever the value, and two values have the same digest
-- exactly when they are equal (no SHA-256 collision is known), so uniqueness, and its
-- messages, are what they were. The value stays for what the stores read back.
--
-- convert_to is stable only because an encoding conversion could change; a database's
-- encoding never does, so the digest of a value never changes either (immutable, as a
-- generated column needs).
create function stet_value_digest(p_value text) returns bytea
language sql immutable strict parallel safe as $$
    select sha256(convert_to(p_value, 'UTF8'))
$$;

alter table unique_value add column value_digest bytea not null
    generated always as (stet_value_digest(value)) stored;
alter table unique_value drop constraint unique_value_pkey;
alter table unique_value add primary key (collection_id, field_key, value_digest);
