package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static stet.record.ListParts.field;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.db.Database;
import stet.db.DatabaseUrl;
import stet.schema.Collection;
import stet.schema.CollectionForm;
import stet.schema.CollectionService;
import stet.schema.CollectionStore;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.CapturedStatements;
import stet.support.TestPostgres;

/**
 * The list indexes stet keeps for each collection: built after a definition is saved,
 * dropped with the field they served, rebuilt when a build left one invalid, kept only for
 * collections of enough records, and used by the list's sorted and filtered pages.
 */
@ExtendWith(TestPostgres.class)
class ListIndexesIT {

    static ListParts list;

    @BeforeAll
    static void setUp(Database database) {
        list = ListParts.open(database);
    }

    @AfterAll
    static void tearDown() {
        list.close();
    }

    private static Collection create(String slug, FieldDef... fields) throws Exception {
        return list.collection(slug, slug, List.of(fields));
    }

    /** The collection's list indexes: name to definition, as PostgreSQL reports them. */
    private static Map<String, String> indexes(Collection collection) {
        Map<String, String> found = new HashMap<>();
        list.db().dsl().fetch("select indexname, indexdef from pg_indexes where tablename = 'record' and indexname like ?",
                ListIndex.prefix(collection.id()).replace("_", "\\_") + "%")
                .forEach(r -> found.put(r.get(0, String.class), r.get(1, String.class)));
        return found;
    }

    /** The names of the collection's list statistics, as PostgreSQL reports them. */
    private static List<String> statistics(Collection collection) {
        return list.db().dsl().fetch("select stxname from pg_statistic_ext where stxname like ?",
                ListIndex.prefix(collection.id()).replace("_", "\\_") + "%").getValues(0, String.class);
    }

    private static String indexOn(Collection collection, String key) {
        return indexes(collection).entrySet().stream()
                .filter(e -> e.getValue().contains("->> '" + key + "'"))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    @Test
    void saving_a_definition_builds_an_index_per_sortable_or_filterable_field_and_one_for_the_version() throws Exception {
        Collection lamps = create("lamps", field("name", FieldType.TEXT), field("watts", FieldType.INTEGER),
                field("color", FieldType.CHOICE, "Red", "Blue"), field("notes", FieldType.LONGTEXT));

        Map<String, String> found = indexes(lamps);

        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(
                ListIndex.of(lamps).stream().map(ListIndex::name).toList());
        assertThat(found).hasSize(4);
        assertThat(found.values()).allSatisfy(def ->
                assertThat(def).contains("WHERE ((collection_id = " + lamps.id() + ") AND (NOT deleted))"));
        assertThat(indexOn(lamps, "watts")).isNotNull();
        assertThat(found.get(indexOn(lamps, "watts"))).contains("::numeric");
        assertThat(indexOn(lamps, "notes")).as("a longtext is not a column of the list").isNull();
        assertThat(found.values()).anyMatch(def -> def.endsWith("(version, id) WHERE ((collection_id = " + lamps.id()
                + ") AND (NOT deleted))"));
        assertThat(found.keySet()).allSatisfy(name -> assertThat(name.length()).isLessThanOrEqualTo(63));
        assertThat(statistics(lamps)).as("each field's index has statistics of its expressions, the version's none")
                .containsExactlyInAnyOrder(indexOn(lamps, "name"), indexOn(lamps, "watts"), indexOn(lamps, "color"));
    }

    @Test
    void a_collection_has_list_indexes_from_a_number_of_live_records_on_and_keeps_them_down_to_half_as_many()
            throws Exception {
        Collection lamps = create("floor-lamps", field("name", FieldType.TEXT), field("lit", FieldType.BOOLEAN));
        try (ListIndexes fromTen = sizedIndexes(10, List.of(lamps))) {
            assertThat(fromTen.reconcile(lamps.id())).isEqualTo(ListIndexes.Outcome.DONE);
            assertThat(indexes(lamps)).as("an empty collection: the indexes built for every size are dropped").isEmpty();
            assertThat(statistics(lamps)).isEmpty();

            List<Long> ids = insertRecords(lamps, 9);
            fromTen.reconcile(lamps.id());
            assertThat(indexes(lamps)).as("9 records").isEmpty();

            ids.addAll(insertRecords(lamps, 1));
            fromTen.reconcile(lamps.id());
            assertThat(indexes(lamps).keySet()).as("10 records").containsExactlyInAnyOrderElementsOf(
                    ListIndex.of(lamps).stream().map(ListIndex::name).toList());
            assertThat(statistics(lamps)).containsExactlyInAnyOrder(indexOn(lamps, "name"), indexOn(lamps, "lit"));

            deleteRecords(ids.subList(0, 5));
            fromTen.reconcile(lamps.id());
            assertThat(indexes(lamps)).as("5 live records of 10: kept").hasSize(3);

            deleteRecords(ids.subList(5, 6));
            fromTen.reconcile(lamps.id());
            assertThat(indexes(lamps)).as("4 live records").isEmpty();
            assertThat(statistics(lamps)).isEmpty();
        }
    }

    @Test
    void a_size_check_builds_the_indexes_of_the_collections_that_grew_and_drops_those_of_the_ones_that_shrank()
            throws Exception {
        Collection grown = create("grown-shelves", field("name", FieldType.TEXT));
        Collection small = create("small-shelves", field("name", FieldType.TEXT));
        try (ListIndexes fromTen = sizedIndexes(10, List.of(grown, small))) {
            fromTen.reconcile(grown.id());
            assertThat(indexes(grown)).isEmpty();
            insertRecords(grown, 12);
            insertRecords(small, 3);

            fromTen.checkSizes();
            fromTen.awaitIdle();

            assertThat(indexes(grown)).hasSize(2);
            assertThat(indexes(small)).as("built for every size by the shared parts, dropped at 3 records").isEmpty();
        }
    }

    @Test
    void a_size_check_over_a_closed_database_stops_the_checks(DatabaseUrl url) {
        Database closing = Database.connect(url);
        try (ListIndexes indexes = new ListIndexes(closing, id -> Optional.empty(), List::of, 10)) {
            closing.close();

            indexes.checkSizes();

            assertThatThrownBy(indexes::awaitIdle).as("no more passes are taken").isInstanceOf(
                    RejectedExecutionException.class);
        }
    }

    /** List indexes kept for collections of at least {@code minRecords} records, of {@code collections} alone. */
    private static ListIndexes sizedIndexes(int minRecords, List<Collection> collections) {
        return new ListIndexes(list.db(), new CollectionStore(list.db().dsl())::find, () -> collections, minRecords);
    }

    private static List<Long> insertRecords(Collection collection, int count) {
        return new ArrayList<>(list.db().dsl().fetch("insert into record (collection_id, data, version) select ?, "
                + "jsonb_build_object('name', 'Item ' || g), 1 from generate_series(1, ?) g returning id",
                collection.id(), count).getValues(0, Long.class));
    }

    private static void deleteRecords(List<Long> ids) {
        list.db().dsl().execute("update record set deleted = true where id = any(?)", (Object) ids.toArray(Long[]::new));
    }

    @Test
    void removing_a_field_drops_its_index_and_adding_one_builds_its_index() throws Exception {
        Collection desks = create("desks", field("name", FieldType.TEXT), field("color", FieldType.CHOICE, "Red", "Blue"));
        String colorIndex = indexOn(desks, "color");
        assertThat(colorIndex).isNotNull();

        List<FieldDef> changed = List.of(desks.fields().get(0), field("due", FieldType.DATE));
        CollectionService.Outcome outcome = list.parts().collections().update("desks", desks.version(),
                list.parts().collections().versionToken(desks.id(), desks.version(), list.admin()),
                CollectionForm.of("desks", "desks", false, changed, 0), list.admin());
        assertThat(outcome).isInstanceOf(CollectionService.Outcome.Saved.class);
        list.parts().listIndexes().awaitIdle();

        assertThat(indexes(desks)).doesNotContainKey(colorIndex);
        assertThat(statistics(desks)).doesNotContain(colorIndex).contains(indexOn(desks, "due"), indexOn(desks, "name"));
        assertThat(indexOn(desks, "color")).isNull();
        assertThat(indexOn(desks, "due")).isNotNull();
        assertThat(indexOn(desks, "name")).isNotNull();
    }

    @Test
    void an_invalid_index_left_by_a_failed_build_is_dropped_and_built_again() throws Exception {
        Collection chairs = create("chairs", field("name", FieldType.TEXT));
        String name = indexOn(chairs, "name");
        // What a cancelled CREATE INDEX CONCURRENTLY leaves behind: the index, marked invalid.
        list.db().dsl().execute("update pg_index set indisvalid = false where indexrelid = ?::regclass", name);

        assertThat(list.parts().listIndexes().reconcile(chairs.id())).isEqualTo(ListIndexes.Outcome.DONE);

        assertThat(list.db().dsl().fetchValue("select indisvalid from pg_index where indexrelid = ?::regclass", name))
                .isEqualTo(true);
    }

    @Test
    void an_index_built_without_statistics_gets_them_at_the_next_pass() throws Exception {
        Collection benches = create("benches", field("name", FieldType.TEXT));
        String name = indexOn(benches, "name");
        // What a node before the statistics left: the index alone.
        list.db().dsl().execute("drop statistics " + name);

        assertThat(list.parts().listIndexes().reconcile(benches.id())).isEqualTo(ListIndexes.Outcome.DONE);

        assertThat(statistics(benches)).containsExactly(name);
    }

    @Test
    void a_server_that_cannot_keep_the_statistics_still_gets_every_index() throws Exception {
        // As a server before PostgreSQL 14 (no statistics of expressions) answers CREATE STATISTICS.
        list.db().dsl().execute("""
                create function refuse_statistics() returns event_trigger language plpgsql as $$
                begin
                    raise exception 'syntax error at or near "("';
                end $$""");
        list.db().dsl().execute("create event trigger refuse_statistics on ddl_command_start"
                + " when tag in ('CREATE STATISTICS') execute function refuse_statistics()");
        try {
            Collection sofas = create("sofas", field("name", FieldType.TEXT), field("seats", FieldType.INTEGER));

            assertThat(list.parts().listIndexes().reconcile(sofas.id())).isEqualTo(ListIndexes.Outcome.DONE);
            assertThat(indexes(sofas).keySet()).containsExactlyInAnyOrderElementsOf(
                    ListIndex.of(sofas).stream().map(ListIndex::name).toList());
            assertThat(statistics(sofas)).isEmpty();
        } finally {
            list.db().dsl().execute("drop event trigger refuse_statistics");
            list.db().dsl().execute("drop function refuse_statistics()");
        }
    }

    @Test
    void another_node_changing_the_indexes_makes_a_pass_wait_its_turn() throws Exception {
        Collection stools = create("stools", field("name", FieldType.TEXT));

        ListIndexes.Outcome outcome = list.db().maintenance(other -> {
            other.fetch("select pg_advisory_lock(?, ?)", ListIndexStore.LOCK_SPACE, (int) stools.id());
            try {
                return list.parts().listIndexes().reconcile(stools.id());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(outcome).isEqualTo(ListIndexes.Outcome.BUSY);
    }

    @Test
    void sorted_and_filtered_pages_walk_the_fields_index() throws Exception {
        Collection shelves = create("shelves", field("name", FieldType.TEXT), field("width", FieldType.NUMBER),
                field("color", FieldType.CHOICE, "Red", "Blue"));
        for (int i = 0; i < 200; i++) {
            list.db().dsl().execute("insert into record (collection_id, data, version) values (?, ?::jsonb, 1)", shelves.id(),
                    "{\"name\": \"Shelf " + (i % 37) + "\", \"width\": \"" + (i % 11) + ".5\", \"color\": \""
                            + (i % 2 == 0 ? "Red" : "Blue") + "\"}");
        }
        list.db().dsl().execute("analyze record");

        assertThat(plan(shelves, "sort", "-name")).contains("Index Scan Backward using " + indexOn(shelves, "name"));
        assertThat(plan(shelves, "sort", "name", "after", cursor(shelves, "sort", "name")))
                .contains("Index Scan using " + indexOn(shelves, "name")).doesNotContain("Sort");
        assertThat(plan(shelves, "sort", "width", "after", cursor(shelves, "sort", "width")))
                .contains("Index Scan using " + indexOn(shelves, "width"));
        assertThat(plan(shelves, "color", "Red")).contains("using " + indexOn(shelves, "color"));
    }

    @Test
    void the_planner_knows_how_many_records_a_filter_keeps_so_a_filtered_page_sorted_by_another_column_walks_its_index()
            throws Exception {
        Collection bins = create("bins", field("name", FieldType.TEXT), field("color", FieldType.CHOICE, "Red", "Green", "Blue"),
                field("active", FieldType.BOOLEAN), field("due", FieldType.DATE));
        list.db().dsl().execute("insert into record (collection_id, data, version) select ?, jsonb_build_object("
                + "'name', 'Bin ' || lpad((g % 500)::text, 3, '0'), 'color', (array['Red', 'Green', 'Blue'])[1 + g % 3], "
                + "'active', (g % 2 = 0)::text, 'due', to_char(date '2020-01-01' + g % 600, 'YYYY-MM-DD')), 1 "
                + "from generate_series(1, 6000) g", bins.id());
        // What autovacuum would do after so many new records (and ListIndexes after it builds).
        list.db().dsl().execute("analyze record");

        // The list indexes are partial (one collection's live records), and PostgreSQL reads no
        // statistics from a partial index's expressions: without statistics of their own, the planner
        // took a filter on a field to keep about one record in 40,000.
        assertThat(estimate(bins, "color", "Red")).isBetween(1_000.0, 4_000.0);
        assertThat(estimate(bins, "active", "true")).isBetween(1_500.0, 6_000.0);
        assertThat(estimate(bins, "due", "2020-02-01..2020-02-29")).isBetween(145.0, 580.0);

        // So a third of the records, sorted by name: the name index walked backwards until the page
        // is full, not every red bin read through the color index and sorted.
        String plan = plan(bins, false, "color", "Red", "sort", "-name");
        assertThat(plan).contains("Index Scan Backward using " + indexOn(bins, "name")).doesNotContain("Sort");
    }

    /** How many records the planner expects the list of a filter to hold (its query with no page limit). */
    private static double estimate(Collection collection, String key, String value) {
        CapturedStatements sql = new CapturedStatements();
        new RecordListStore(list.db().wrapped(sql::wrap).dsl()).list(collection.id(),
                RecordQuery.parse(collection, params(key, value)), List.of("name"), 1_000_000);
        List<CapturedStatements.Statement> statements = sql.statements();
        String json = list.db().dsl().fetchValue("explain (format json) " + statements.get(statements.size() - 1).inlined())
                .toString();
        Matcher rows = Pattern.compile("\"Plan Rows\": ([0-9.]+)").matcher(json);
        assertThat(rows.find()).as(json).isTrue();
        return Double.parseDouble(rows.group(1));
    }

    /** The cursor after the first page of an order. */
    private static String cursor(Collection collection, String... params) {
        RecordQuery query = RecordQuery.parse(collection, params(params));
        List<ListedRecord> page = new RecordListStore(list.db().dsl()).list(collection.id(), query, List.of("name", "width"), 10);
        return query.cursorAfter(page.get(page.size() - 1));
    }

    /**
     * The plan of the list query. On a table this small a sequential scan is as good as any
     * index, so the test turns it off (and only that) to see which index the list can use.
     */
    private static String plan(Collection collection, String... params) {
        return plan(collection, true, params);
    }

    /** The plan of the list query, with sequential scans allowed or not. */
    private static String plan(Collection collection, boolean noSequentialScan, String... params) {
        CapturedStatements sql = new CapturedStatements();
        new RecordListStore(list.db().wrapped(sql::wrap).dsl()).list(collection.id(), RecordQuery.parse(collection, params(params)),
                List.of("name", "width", "color"), 51);
        List<CapturedStatements.Statement> statements = sql.statements();
        return list.db().transaction(tx -> {
            if (noSequentialScan) {
                tx.execute("set local enable_seqscan = off");
            }
            StringBuilder plan = new StringBuilder();
            tx.fetch("explain " + statements.get(statements.size() - 1).inlined())
                    .forEach(r -> plan.append(r.get(0)).append('\n'));
            return plan.toString();
        });
    }

    private static Map<String, List<String>> params(String... pairs) {
        Map<String, List<String>> params = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], List.of(pairs[i + 1]));
        }
        return params;
    }
}
