package stet.record;

import static stet.db.jooq.Tables.RECORD;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import stet.schema.FieldDef;
import stet.schema.FieldType;

/**
 * The SQL expressions a record list sorts and filters by, in one place because the list
 * query and the expression indexes stet creates for it ({@link ListIndexStore}) must
 * render them identically: PostgreSQL uses an expression index only for the very same
 * expression.
 *
 * <p>A field's order is the key (empty, value, id): {@code empty} is 1 when the value is
 * missing (so that empty values sort last ascending and first descending), {@code value}
 * is the value with empty as {@code ''} or 0 (never NULL, so that a row comparison
 * {@code (empty, value, id) > (…)} is exact and an index can start at the cursor), a text
 * cut to what an index entry can hold ({@link #SORTED_LENGTH}).
 */
final class ListColumns {

    private ListColumns() {}

    /**
     * How many characters of a text value its order compares: what an index entry holds of
     * it. A b-tree entry holds at most 2,704 bytes, and a text field's 1,000 characters are
     * up to 4,000 bytes of UTF-8; 500 characters are at most 2,000. Values alike in their
     * first 500 characters are ordered by id among themselves: the whole value, compared
     * after the prefix, would be a column no index holds, and every sorted page would sort
     * (and, after a cursor, read every record sharing the cursor's value) instead of walking
     * the index from the cursor.
     */
    static final int SORTED_LENGTH = 500;

    /** A field's value as text; the key is inlined so that an expression index on it can serve. */
    static Field<String> text(String key) {
        return DSL.field("({0} ->> {1})", SQLDataType.CLOB, RECORD.DATA, DSL.inline(key));
    }

    /**
     * The values of the shown fields as one text array, read from the data in one call.
     * Each {@code data ->> key} would decompress a toasted {@code data} (a 100 KB longtext)
     * once more: with two shown fields that was most of the list query's CPU.
     */
    static Field<String[]> texts(List<String> keys) {
        // listed holds the values of a data with a long value, cut short (V15): its data is not decompressed.
        return texts(keys, document());
    }

    /** What a list reads a record's shown values from: its listed copy, else its data. */
    static Field<JSONB> document() {
        return DSL.coalesce(RECORD.LISTED, RECORD.DATA);
    }

    /** The values of {@code keys} in {@code document}, as texts, in the keys' order. */
    static Field<String[]> texts(List<String> keys, Field<JSONB> document) {
        List<String> columns = new ArrayList<>();
        List<String> definitions = new ArrayList<>();
        for (String key : keys) {
            // Quoted, no key is taken for a keyword (keys are [a-z][a-z0-9_]*, a quote would be doubled).
            String column = "\"" + key.replace("\"", "\"\"") + "\"";
            columns.add("x." + column);
            definitions.add(column + " text");
        }
        return DSL.field("(select array[" + String.join(", ", columns) + "]::text[] from jsonb_to_record({0}) as x("
                + String.join(", ", definitions) + "))", SQLDataType.CLOB.array(), document);
    }

    /** The value a field sorts by, or NULL when it is empty. */
    private static Field<?> sortable(String key, RecordQuery.Kind kind) {
        return switch (kind) {
            case TEXT -> DSL.nullif(text(key), DSL.inline(""));
            // Values are canonical, but a field that was once of another type may hold text: it sorts as empty.
            case NUMBER -> DSL.field("(case when {0} ~ {1} then ({0})::numeric end)", SQLDataType.NUMERIC,
                    text(key), DSL.inline("^" + RecordQuery.CANONICAL_NUMBER.pattern() + "$"));
            // Likewise a date field's value that is no day: it sorts as empty, and no day filter matches it.
            case DATE -> DSL.field("(case when {0} ~ {1} then {0} end)", SQLDataType.CLOB,
                    text(key), DSL.inline("^" + RecordQuery.CANONICAL_DAY.pattern() + "$"));
            case ID, VERSION, YES_NO -> throw new IllegalArgumentException("not an order with empty values: " + kind);
        };
    }

    /**
     * A yes/no field's value: "true", or else "false" (a record written before the field was
     * added has none; a field that was once of another type may hold text). Never empty, so
     * its order is (value, id), and a filter "false" finds what the forms show unticked.
     */
    @SuppressWarnings("unchecked")
    static Field<Object> yesNo(String key) {
        return (Field<Object>) (Field<?>) DSL.field("(case when {0} = {1} then {1} else {2} end)", SQLDataType.CLOB,
                text(key), DSL.inline("true"), DSL.inline("false"));
    }

    /**
     * 1 when a field is empty, else 0: the first part of its order. Not the boolean
     * {@code (v is null)}: PostgreSQL rewrites a filter {@code (v is null) = false} into
     * {@code v is not null}, which an index on {@code (v is null)} does not serve.
     */
    static Field<Integer> empty(String key, RecordQuery.Kind kind) {
        return DSL.field("(case when {0} is null then 1 else 0 end)", SQLDataType.INTEGER, sortable(key, kind));
    }

    /**
     * A field's value with empty as {@code ''} or 0, a text cut to its first
     * {@link #SORTED_LENGTH} characters: the second part of its order.
     */
    @SuppressWarnings("unchecked")
    static Field<Object> value(String key, RecordQuery.Kind kind) {
        if (kind == RecordQuery.Kind.YES_NO) {
            return yesNo(key);
        }
        Field<?> empty = kind == RecordQuery.Kind.NUMBER ? DSL.inline(java.math.BigDecimal.ZERO) : DSL.inline("");
        Field<?> sortable = kind == RecordQuery.Kind.NUMBER ? sortable(key, kind) : sorted(sortable(key, kind));
        return (Field<Object>) DSL.field("coalesce({0}, {1})", sortable.getDataType(), sortable, empty);
    }

    /** A text as its order compares it ({@link #SORTED_LENGTH}): also a cursor's value, compared with {@link #value}. */
    @SuppressWarnings("unchecked")
    static Field<Object> sorted(Field<?> text) {
        return (Field<Object>) (Field<?>) DSL.field("left({0}, {1})", SQLDataType.CLOB, text, DSL.inline(SORTED_LENGTH));
    }

    /** The columns of an order, the id last (alone for the default order). */
    static List<Field<?>> order(RecordQuery.Sort sort) {
        return switch (sort.kind()) {
            case ID -> List.of(RECORD.ID);
            case VERSION -> List.of(RECORD.VERSION, RECORD.ID);
            case TEXT, DATE, NUMBER -> List.of(empty(sort.key(), sort.kind()), value(sort.key(), sort.kind()), RECORD.ID);
            case YES_NO -> List.of(yesNo(sort.key()), RECORD.ID);
        };
    }

    /**
     * Whether a column of an {@link #order} is a plain column of the record (the id, the
     * version) rather than an expression over its document.
     */
    static boolean isColumn(Field<?> order) {
        return order == RECORD.ID || order == RECORD.VERSION;
    }

    /** How a field is ordered and filtered. */
    static RecordQuery.Kind kind(FieldDef field) {
        return field.type().isNumeric() ? RecordQuery.Kind.NUMBER
                : field.type() == FieldType.BOOLEAN ? RecordQuery.Kind.YES_NO
                : field.type() == FieldType.DATE ? RecordQuery.Kind.DATE : RecordQuery.Kind.TEXT;
    }
}
