package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.record.ListParts.field;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.db.Database;
import stet.schema.Collection;
import stet.schema.FieldType;
import stet.support.CapturedStatements;
import stet.support.TestPostgres;

/**
 * A search chooses its plan from the words it requires and PostgreSQL's word statistics: in
 * id order it walks the records of its rarest word; in another order a word too rare for a
 * walk in list order to fill a page is asked of the word index at once, and a common word
 * is found by the walk. Every plan gives the same page.
 */
@ExtendWith(TestPostgres.class)
class SearchPlanIT {

    static final int RECORDS = 3_000;

    static ListParts list;
    static Collection notes;

    @BeforeAll
    static void setUp(Database database) throws Exception {
        list = ListParts.open(database);
        notes = list.collection("notes", "Notes",
                List.of(field("name", FieldType.TEXT), field("note", FieldType.LONGTEXT)));
        // Every note says "plain"; each of 300 words is in 10 notes; "zqlone" in 3; "lateword" in the
        // 333 whose names come last in name order (N7…, N8…, N9…).
        list.db().dsl().execute("insert into record (collection_id, data, version) "
                + "select ?, jsonb_build_object('name', 'N' || g, 'note', 'plain word' || (g % 300)"
                + " || case when g % 1000 = 7 then ' zqlone' else '' end"
                + " || case when left(g::text, 1) in ('7', '8', '9') then ' lateword' else '' end), 1"
                + " from generate_series(1, ?) g", notes.id(), RECORDS);
        list.db().dsl().execute("analyze record_search");
    }

    @AfterAll
    static void tearDown() {
        list.close();
    }

    @Test
    void a_word_in_id_order_is_walked_in_its_records_words_alone() {
        CapturedStatements sql = new CapturedStatements();
        RecordListStore store = informed(sql);

        List<ListedRecord> page = store.list(notes.id(), query("zqlone"), List.of("name"), 51);

        assertThat(listed(sql)).hasSize(1);
        assertThat(listed(sql).get(0)).contains("record_word").doesNotContain("record_search");
        assertThat(names(page)).containsExactly("N7", "N1007", "N2007");
    }

    @Test
    void words_in_id_order_are_walked_by_the_rarest_and_each_record_tested_against_the_search() {
        CapturedStatements sql = new CapturedStatements();
        RecordListStore store = informed(sql);
        assertThat(store.wordFrequencies().wordShare("zqlone")).isLessThan(store.wordFrequencies().wordShare("plain"));

        List<ListedRecord> page = store.list(notes.id(), query("plain zqlone -word8"), List.of("name"), 51);

        // The statistics say "zqlone" is in few records: the walk reads them all, and its short page is the last.
        assertThat(listed(sql)).hasSize(1);
        assertThat(lastInlined(sql))
                .contains("record_word").contains("'zqlone'").contains("record_search");
        assertThat(names(page)).containsExactly("N7", "N1007", "N2007");
    }

    @Test
    void words_joined_by_and_in_id_order_are_walked_whole_through_the_others_sets_without_a_vector_test() {
        CapturedStatements sql = new CapturedStatements();
        RecordListStore store = capturing(sql);
        // As in a collection of 100,000: "lateword" in 3,300 of them (more than the usual walk), "word5" in 5,000.
        store.assumeWordFrequencies(WordFrequencies.of(new String[] {"plain", "word5", "lateword"},
                new Float[] {1f, 0.05f, 0.033f, 0.033f, 1f}, 100_000));

        List<ListedRecord> page = store.list(notes.id(), query("lateword word5"), List.of("name"), 51);

        assertThat(listed(sql)).hasSize(1);
        assertThat(lastInlined(sql))
                .contains("unnest(array(").contains("'word5'").contains("'lateword'").doesNotContain("record_search");
        assertThat(names(page)).isNotEmpty().isEqualTo(namesOfNotesHolding("id", "lateword", "word5"));
    }

    @Test
    void without_statistics_a_walk_of_words_that_leaves_the_page_short_is_followed_by_the_word_index() {
        CapturedStatements sql = new CapturedStatements();
        RecordListStore store = capturing(sql);
        store.assumeWordFrequencies(WordFrequencies.UNKNOWN);

        List<ListedRecord> page = store.list(notes.id(), query("plain zqlone"), List.of("name"), 51);

        // The walk may have stopped at its bound: the matches are then asked of the vectors' index,
        // which intersects the words itself.
        assertThat(listed(sql)).hasSize(2);
        assertThat(listed(sql).get(0)).contains("fetch next " + RecordListStore.SEARCH_WALK + " rows");
        assertThat(listed(sql).get(1)).contains("any(").contains("record_search").doesNotContain("record_word");
        assertThat(names(page)).containsExactly("N7", "N1007", "N2007");
    }

    @Test
    void a_rare_word_in_another_order_is_asked_of_the_word_index_without_a_walk() {
        CapturedStatements sql = new CapturedStatements();
        RecordListStore store = informed(sql);
        assertThat(store.wordFrequencies().frequencies()).containsKey("word42");

        List<ListedRecord> page = store.list(notes.id(), query("WORD42", "-name"), List.of("name"), 51);

        assertThat(listed(sql)).hasSize(1);
        assertThat(listed(sql).get(0)).contains("any(").contains("record_word");
        assertThat(page).hasSize(RECORDS / 300);
        assertThat(names(page)).allMatch(name -> Integer.parseInt(name.substring(1)) % 300 == 42);
        assertThat(names(page).get(0)).isEqualTo("N942");
    }

    @Test
    void a_rare_word_beside_a_common_one_in_another_order_is_found_through_the_rare_words_records_each_tested() {
        CapturedStatements sql = new CapturedStatements();
        // As in a collection of 100,000: the vectors' index would read the 100,000 entries of "plain"
        // to intersect them, against 10 vectors tested.
        RecordListStore store = plainAndWord7(sql, 100_000);

        List<ListedRecord> phrase = store.list(notes.id(), query("\"plain word7\"", "-name"), List.of("name"), 51);

        assertThat(lastInlined(sql)).contains("record_word").contains("'word7'").contains("record_search");
        assertThePhrasesNotesFromOneStatement(sql, phrase);

        // A word that must not occur is read in the vectors' index too.
        sql.clear();
        List<ListedRecord> without = store.list(notes.id(), query("word7 -plain", "name"), List.of("name"), 51);
        assertThat(listed(sql)).hasSize(1);
        assertThat(lastInlined(sql)).contains("record_word").contains("'word7'").contains("record_search");
        assertThat(without).isEmpty();
    }

    @Test
    void a_rare_word_beside_one_not_much_more_common_is_found_by_the_vectors_index() {
        CapturedStatements sql = new CapturedStatements();
        // As in this collection of 3,000: "plain" in 300 times as many records as "word7", fewer than
        // the vectors' index reads in the time of one vector tested.
        RecordListStore store = plainAndWord7(sql, RECORDS);

        List<ListedRecord> phrase = store.list(notes.id(), query("\"plain word7\"", "-name"), List.of("name"), 51);

        assertThat(lastInlined(sql)).contains("record_search").doesNotContain("record_word");
        assertThePhrasesNotesFromOneStatement(sql, phrase);
    }

    @Test
    void a_common_word_in_another_order_is_found_by_the_walk_alone() {
        CapturedStatements sql = new CapturedStatements();
        RecordListStore store = informed(sql);

        List<ListedRecord> page = store.list(notes.id(), query("plain", "name"), List.of("name"), 51);

        assertThat(listed(sql)).hasSize(1);
        assertThat(listed(sql).get(0)).doesNotContain("any(");
        assertThat(page).hasSize(51);
        assertThat(names(page).get(0)).isEqualTo("N1");
    }

    @Test
    void a_word_in_a_few_thousand_records_is_read_into_a_set_and_walked_two_pages_worth() {
        CapturedStatements sql = new CapturedStatements();
        // As in a collection of 100,000: "lateword" in 3.3% of them, so about 1,530 records walked a page.
        RecordListStore store = asInALargerCollection(sql, 0.033f);

        List<ListedRecord> page = store.list(notes.id(), query("lateword", "-name"), List.of("name"), 51);

        assertTheWalkAloneOf(sql, 2 * RecordListStore.SEARCH_WALK);
        // Each record walked is found in the word's records read once, not tested against its vector.
        assertThat(listed(sql).get(0)).contains("unnest(array(").contains("record_word").doesNotContain("record_search");
        assertThat(names(page)).isEqualTo(namesOfNotesHolding("-name", "lateword"));
    }

    @Test
    void several_words_are_walked_by_the_set_of_the_rarest_and_each_record_in_it_tested_against_the_search() {
        CapturedStatements sql = new CapturedStatements();
        RecordListStore store = asInALargerCollection(sql, 0.033f);

        List<ListedRecord> page = store.list(notes.id(), query("plain lateword", "-name"), List.of("name"), 51);

        assertTheWalkAloneOf(sql, 2 * RecordListStore.SEARCH_WALK);
        assertThat(lastInlined(sql))
                .contains("unnest(array(").contains("'lateword'").contains("record_search");
        assertThat(names(page)).isEqualTo(namesOfNotesHolding("-name", "lateword"));
    }

    @Test
    void words_as_alternatives_are_walked_through_their_sets_without_a_vector_test() {
        CapturedStatements sql = new CapturedStatements();
        // As in a collection of 100,000: "lateword" in 3,300 of them, "word5" in 1,000.
        RecordListStore store = capturing(sql);
        store.assumeWordFrequencies(WordFrequencies.of(new String[] {"plain", "lateword", "word5"},
                new Float[] {1f, 0.033f, 0.01f, 0.01f, 1f}, 100_000));

        List<ListedRecord> page = store.list(notes.id(), query("lateword or word5", "-name"), List.of("name"), 51);

        assertTheWalkAloneOf(sql, 2 * RecordListStore.SEARCH_WALK);
        assertThat(lastInlined(sql))
                .contains("unnest(array(").contains("'lateword'").contains("'word5'").doesNotContain("record_search");
        assertThat(names(page)).isEqualTo(namesOfNotesHolding("-name", "lateword|word5"));
    }

    @Test
    void a_common_word_whose_records_come_late_in_the_order_is_found_by_a_walk_of_a_quarter_of_them() {
        CapturedStatements sql = new CapturedStatements();
        // As in a collection of 100,000 with "lateword" in 10,000: a quarter of them is 2,500 records.
        RecordListStore store = asInALargerCollection(sql, 0.1f);

        // In name order its records here are the last 333 of 3,000: past a walk of 2,000, within one of 4,000.
        List<ListedRecord> page = store.list(notes.id(), query("lateword", "name"), List.of("name"), 51);

        assertTheWalkAloneOf(sql, 2 * RecordListStore.SEARCH_WALK);
        assertThat(names(page)).isEqualTo(namesOfNotesHolding("name", "lateword"));
    }

    @Test
    void a_word_whose_records_come_after_the_walk_is_then_asked_of_the_word_index_with_the_right_page() {
        CapturedStatements sql = new CapturedStatements();
        RecordListStore store = informed(sql);
        assertThat(store.wordFrequencies().frequencies()).containsKey("lateword");

        // In name order the 333 records of "lateword" are the last: the walk of the first 2,000 finds none.
        List<ListedRecord> page = store.list(notes.id(), query("lateword", "name"), List.of("name"), 51);

        assertThat(listed(sql)).hasSize(2);
        assertThat(listed(sql).get(0)).contains("fetch next " + RecordListStore.SEARCH_WALK + " rows").contains("record_word");
        assertThat(listed(sql).get(1)).contains("any(").contains("record_word");
        assertThat(names(page)).isEqualTo(namesOfNotesHolding("name", "lateword"));
    }

    @Test
    void without_statistics_a_rare_word_is_walked_for_then_asked_of_the_index_with_the_same_page() {
        CapturedStatements sql = new CapturedStatements();
        RecordListStore informed = capturing(sql);
        informed.refreshWordFrequencies();
        List<ListedRecord> asked = informed.list(notes.id(), query("zqlone or word5"), List.of("name"), 51);
        assertThat(listed(sql)).hasSize(1);
        sql.clear();
        // As before PostgreSQL's first analyze of the table.
        RecordListStore uninformed = capturing(sql);
        uninformed.assumeWordFrequencies(WordFrequencies.UNKNOWN);

        List<ListedRecord> walkedFirst = uninformed.list(notes.id(), query("zqlone or word5"), List.of("name"), 51);

        assertThat(listed(sql)).hasSize(2);
        assertThat(walkedFirst).isEqualTo(asked).hasSize(13);
    }

    @Test
    void a_search_is_planned_once_per_connection_not_at_every_run() {
        list.db().dsl().connection(connection -> {
            DSLContext one = DSL.using(connection, SQLDialect.POSTGRES);
            RecordListStore store = new RecordListStore(one);
            store.refreshWordFrequencies();
            // A word's walk, a walk of one word tested against the others, and the vectors' index
            // (no word required), with other words each time.
            for (int run = 0; run < 15; run++) {
                assertThat(store.list(notes.id(), query("word" + run), List.of("name"), 51)).hasSize(10);
                assertThat(store.list(notes.id(), query("plain word" + run), List.of("name"), 51)).hasSize(10);
                assertThat(store.list(notes.id(), query("zqlone or word" + run), List.of("name"), 51)).hasSizeBetween(10, 13);
            }

            // PostgreSQL plans a prepared statement for its values 5 times, then keeps a generic plan
            // if it costs no more: a search whose plan depended on its words was planned at every run.
            var plans = one.fetch("select statement, generic_plans, custom_plans from pg_prepared_statements"
                    + " where statement like '%record_search%' or statement like '%record_word%'");
            assertThat(plans).hasSize(3);
            plans.forEach(plan -> assertThat(plan.get("generic_plans", Long.class))
                    .as("generic plans of %s (custom: %s)", plan.get("statement"), plan.get("custom_plans"))
                    .isGreaterThan(0L));
        });
    }

    /** A store that captures its statements into {@code sql}, with PostgreSQL's word statistics read. */
    private static RecordListStore informed(CapturedStatements sql) {
        RecordListStore store = capturing(sql);
        store.refreshWordFrequencies();
        return store;
    }

    /** The page came from one statement, a walk of {@code length} records, without the word index after it. */
    private static void assertTheWalkAloneOf(CapturedStatements sql, int length) {
        assertThat(listed(sql)).hasSize(1);
        assertThat(listed(sql).get(0)).contains("fetch next " + length + " rows").doesNotContain("any(");
    }

    /** A capturing store whose statistics say: {@code notes} notes, all "plain", 10 of them "word7". */
    private static RecordListStore plainAndWord7(CapturedStatements sql, int notes) {
        RecordListStore store = capturing(sql);
        float word7 = 10f / notes;
        store.assumeWordFrequencies(WordFrequencies.of(new String[] {"plain", "word7"},
                new Float[] {1f, word7, word7, 1f}, notes));
        return store;
    }

    /** The page of the phrase "plain word7" in -name order came from one statement, and is PostgreSQL's. */
    private static void assertThePhrasesNotesFromOneStatement(CapturedStatements sql, List<ListedRecord> page) {
        assertThat(listed(sql)).hasSize(1);
        assertThat(names(page)).hasSize(RECORDS / 300).isEqualTo(namesOfNotesHolding("-name", "plain word7"));
    }

    /** A capturing store whose statistics say: 100,000 notes, all "plain", {@code lateword} of them "lateword". */
    private static RecordListStore asInALargerCollection(CapturedStatements sql, float lateword) {
        RecordListStore store = capturing(sql);
        store.assumeWordFrequencies(WordFrequencies.of(new String[] {"plain", "lateword"},
                new Float[] {1f, lateword, lateword, 1f}, 100_000));
        return store;
    }

    private static RecordListStore capturing(CapturedStatements sql) {
        return new RecordListStore(list.db().wrapped(sql::wrap).dsl());
    }

    /** The last statement run, its values inlined. */
    private static String lastInlined(CapturedStatements sql) {
        return sql.statements().get(sql.statements().size() - 1).inlined();
    }

    /** The statements of the list (not the word statistics' reads, nor the reading of a search's words). */
    private static List<String> listed(CapturedStatements sql) {
        return sql.statements().stream().map(CapturedStatements.Statement::sql)
                .filter(statement -> !statement.contains("pg_stats") && !statement.startsWith("select stet_search_query(")).toList();
    }

    /**
     * The names of the first 51 notes holding a word of each of {@code words} (each one word, or
     * words as alternatives: {@code "lateword|word5"}), in the order of {@code sort} ("id",
     * "name" or "-name"), as PostgreSQL finds and sorts them.
     */
    private static List<String> namesOfNotesHolding(String sort, String... words) {
        String direction = sort.startsWith("-") ? " desc" : "";
        String order = sort.equals("id") ? "id" : "coalesce(nullif(data ->> 'name', ''), '')" + direction + ", id" + direction;
        List<Object> values = new ArrayList<>(List.of(notes.id()));
        StringBuilder holding = new StringBuilder();
        for (String word : words) {
            holding.append(" and data ->> 'note' ~ ?");
            values.add("\\m(" + word + ")\\M");
        }
        return list.db().dsl().fetch("select data ->> 'name' from record where collection_id = ? and not deleted"
                + holding + " order by " + order + " limit 51", values.toArray()).getValues(0, String.class);
    }

    private static RecordQuery query(String search) {
        return RecordQuery.parse(notes, Map.of("q", List.of(search)));
    }

    private static RecordQuery query(String search, String sort) {
        return RecordQuery.parse(notes, Map.of("q", List.of(search), "sort", List.of(sort)));
    }

    private static List<String> names(List<ListedRecord> page) {
        return page.stream().map(r -> r.values().get("name")).toList();
    }
}
