package stet.record;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import stet.schema.Collection;
import stet.schema.FieldDef;

/**
 * An index a record list needs: for one collection, the columns of one order (see
 * {@link ListColumns}), partial on the collection's live records, so that a sorted
 * page, and a filter on the field, walk it from the cursor instead of sorting the
 * collection.
 *
 * @param name {@value #PREFIX}{collection id}_{hash of the columns}: at most 63
 *     characters, and a changed expression (a field that became a number) gets a new name
 * @param collectionId the collection
 * @param columns the indexed expressions as SQL, exactly as the list query renders them
 * @param statistics the expressions of {@code columns} that are not plain columns, as SQL,
 *     or empty when there are none (the version's index). PostgreSQL keeps no statistics of
 *     a partial index's expressions that the planner reads, so the index has statistics of
 *     its own of the same name on them, with the collection
 *     ({@link ListIndexStore#createStatistics}); without them the planner takes a filter on
 *     the field to keep a few records, and sorts every record it keeps instead of walking
 *     another column's index
 */
record ListIndex(String name, long collectionId, String columns, String statistics) {

    static final String PREFIX = "record_list_";

    /** Renders expressions as the store's queries do (an index may name its table's columns with the table). */
    private static final DSLContext RENDER = DSL.using(SQLDialect.POSTGRES);

    /** The name prefix of a collection's list indexes. */
    static String prefix(long collectionId) {
        return PREFIX + collectionId + "_";
    }

    /** The indexes a collection's list needs: one per sortable column but the id, and one per filtered field. */
    static List<ListIndex> of(Collection collection) {
        Map<String, List<Field<?>>> orders = new LinkedHashMap<>();
        for (FieldDef field : collection.listFields()) {
            orders.put(field.key(), ListColumns.order(new RecordQuery.Sort(field.key(), ListColumns.kind(field), false)));
        }
        for (FieldDef field : RecordQuery.filterFields(collection)) {
            orders.putIfAbsent(field.key(), ListColumns.order(new RecordQuery.Sort(field.key(), ListColumns.kind(field), false)));
        }
        orders.put(null, ListColumns.order(new RecordQuery.Sort("version", RecordQuery.Kind.VERSION, false)));
        List<ListIndex> indexes = new ArrayList<>();
        for (List<Field<?>> order : orders.values()) {
            String columns = order.stream()
                    .map(f -> ListColumns.isColumn(f) ? RENDER.render(DSL.name(f.getName()))
                            : "(" + RENDER.renderInlined(f) + ")")
                    .collect(Collectors.joining(", "));
            String statistics = order.stream()
                    .filter(f -> !ListColumns.isColumn(f))
                    .map(f -> "(" + RENDER.renderInlined(f) + ")")
                    .collect(Collectors.joining(", "));
            indexes.add(new ListIndex(prefix(collection.id()) + hash(columns), collection.id(), columns, statistics));
        }
        return List.copyOf(indexes);
    }

    private static String hash(String columns) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(columns.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
