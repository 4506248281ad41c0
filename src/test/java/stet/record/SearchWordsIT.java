package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.record.ListParts.field;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.db.Database;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.CapturedStatements;
import stet.support.TestPostgres;

/**
 * The words of each live record ({@code record_word}, V21 and V22) follow its vector through every write,
 * and a search walked by its rarest word finds, page after page, exactly the records that
 * PostgreSQL's own match of the vectors finds, in the list's order: seeded records of
 * words as people type them (hyphens, apostrophes, numbers, addresses), edited, deleted and
 * searched with words, phrases, alternatives and exclusions.
 */
@ExtendWith(TestPostgres.class)
class SearchWordsIT {

    static final long SEED = 20261126L;
    static final int RECORDS = 1_200;
    /** Common words first: a word's chance of being drawn falls with its place. */
    static final List<String> WORDS = List.of("the", "plan", "alpha", "beta", "gamma", "e-mail", "it's", "3.14",
            "o'brien", "zeta", "Straße", "review", "draft", "bob@example.com", "x", "v2", "final", "old-fashioned",
            "delta", "rare", "unique", "quartz", "nébuleuse", "ok");

    static ListParts list;
    static Collection notes;
    static Collection other;

    @BeforeAll
    static void setUp(Database database) throws Exception {
        list = ListParts.open(database);
        List<FieldDef> fields = List.of(field("name", FieldType.TEXT),
                field("note", FieldType.LONGTEXT), field("color", FieldType.CHOICE, "Red", "Green"));
        notes = list.collection("notes", "Notes", fields);
        // The same words in another collection: a search stays in its own.
        other = list.collection("other", "Other", fields);

        Random random = new Random(SEED);
        for (int i = 0; i < RECORDS; i++) {
            insert(i % 4 == 3 ? other : notes, random);
        }
        // Edits of the text (words gained and lost), of a choice only (the vector unchanged), deletes.
        List<Long> ids = list.db().dsl().fetch("select id from record where collection_id = ? order by id", notes.id())
                .getValues(0, Long.class);
        for (int i = 0; i < 400; i++) {
            long id = ids.get(random.nextInt(ids.size()));
            switch (random.nextInt(4)) {
                case 0 -> list.db().dsl().execute("update record set data = ?::jsonb, version = version + 1 where id = ?",
                        data(random).data(), id);
                case 1 -> list.db().dsl().execute("update record set data = data || jsonb_build_object('color', ?::text),"
                        + " version = version + 1 where id = ?", random.nextBoolean() ? "Red" : "Green", id);
                case 2 -> list.db().dsl().execute("update record set deleted = not deleted, version = version + 1"
                        + " where id = ?", id);
                // Deleted or restored with new text in the same statement.
                default -> list.db().dsl().execute("update record set deleted = not deleted, data = ?::jsonb,"
                        + " version = version + 1 where id = ?", data(random).data(), id);
            }
        }
        list.db().dsl().execute("analyze record_search");
    }

    @AfterAll
    static void tearDown() {
        list.close();
    }

    @Test
    void every_live_record_has_a_row_for_each_word_of_its_vector_and_no_other() {
        String words = "select r.collection_id, l, s.record_id from record_search s join record r on r.id = s.record_id,"
                + " unnest(tsvector_to_array(s.search)) l where not r.deleted";
        String rows = "select collection_id, lexeme, record_id from record_word";

        assertThat(number("select count(*) from record where deleted")).isPositive();
        assertThat(number("select count(*) from record_word")).isGreaterThan(RECORDS * 3L);
        assertThat(list.db().dsl().fetch(words + " except " + rows)).isEmpty();
        assertThat(list.db().dsl().fetch(rows + " except " + words)).isEmpty();
    }

    @Test
    void a_deleted_record_has_no_words_until_it_is_restored() {
        long id = number("select min(id) from record where collection_id = ? and not deleted", notes.id());
        long words = number("select count(*) from record_word where record_id = ?", id);
        assertThat(words).isPositive();

        list.db().dsl().execute("update record set deleted = true, version = version + 1 where id = ?", id);
        assertThat(number("select count(*) from record_word where record_id = ?", id)).isZero();

        list.db().dsl().execute("update record set deleted = false, version = version + 1 where id = ?", id);
        assertThat(number("select count(*) from record_word where record_id = ?", id)).isEqualTo(words);
    }

    @Test
    void a_vector_removed_takes_its_words_with_it() {
        long id = number("select max(id) from record where collection_id = ?", other.id());
        assertThat(number("select count(*) from record_word where record_id = ?", id)).isPositive();

        list.db().dsl().execute("delete from record_search where record_id = ?", id);

        assertThat(number("select count(*) from record_word where record_id = ?", id)).isZero();
    }

    @Test
    void searches_page_through_exactly_the_matches_in_id_order_both_ways() {
        Random random = new Random(SEED + 1);
        CapturedStatements sql = new CapturedStatements();
        RecordListStore informed = new RecordListStore(list.db().wrapped(sql::wrap).dsl());
        informed.refreshWordFrequencies();
        RecordListStore uninformed = new RecordListStore(list.db().dsl());
        uninformed.assumeWordFrequencies(WordFrequencies.UNKNOWN);
        for (int n = 0; n < 120; n++) {
            String search = search(random);
            for (String sort : List.of("id", "-id")) {
                Map<String, List<String>> params = new HashMap<>(Map.of("q", List.of(search), "sort", List.of(sort)));
                String filter = "";
                if (random.nextInt(3) == 0) {
                    params.put("color", List.of("Red"));
                    filter = " and r.data ->> 'color' = 'Red'";
                }
                List<Long> expected = list.db().dsl().fetch("select r.id from record r join record_search s on s.record_id = r.id"
                        + " where r.collection_id = ? and not r.deleted" + filter
                        + " and s.search @@ stet_search_query(?) order by r.id"
                        + (sort.startsWith("-") ? " desc" : ""), notes.id(), search).getValues(0, Long.class);
                RecordListStore store = n % 2 == 0 ? informed : uninformed;
                int pageSize = 1 + random.nextInt(12);

                assertThat(ids(pages(store, RecordQuery.parse(notes, params), pageSize)))
                        .as("q=%s sort=%s %s, pages of %d", search, sort, params.get("color"), pageSize)
                        .isEqualTo(expected);
            }
        }
        // Words joined by "and" were walked through the other words' sets, each record then tested no more.
        assertThat(sql.statements()).map(CapturedStatements.Statement::sql)
                .anyMatch(walk -> walk.contains("\"word\"") && walk.contains("unnest(array(") && !walk.contains("@@"))
                .anyMatch(walk -> walk.contains("\"word\"") && walk.contains("@@"));
    }

    @Test
    void a_search_in_another_order_finds_the_same_records_in_that_order() {
        Random random = new Random(SEED + 2);
        CapturedStatements sql = new CapturedStatements();
        RecordListStore store = new RecordListStore(list.db().wrapped(sql::wrap).dsl());
        store.refreshWordFrequencies();
        WordFrequencies read = store.wordFrequencies();
        // The statistics as read, as in a collection a thousand times larger (each word in a thousand
        // times as many records: longer walks, each record looked up), and none.
        List<WordFrequencies> statistics = List.of(read,
                new WordFrequencies(read.frequencies(), read.rarest(), read.vectors() * 1000), WordFrequencies.UNKNOWN);
        for (String sort : List.of("name", "-name", "color")) {
            // Every record in that order, then only the matches, must be the search's pages.
            List<Long> everyRecord = ids(pages(store, RecordQuery.parse(notes, Map.of("sort", List.of(sort))), 500));
            for (int n = 0; n < 25; n++) {
                String search = search(random);
                Set<Long> matches = new LinkedHashSet<>(list.db().dsl().fetch("select r.id from record r"
                        + " join record_search s on s.record_id = r.id where r.collection_id = ? and not r.deleted"
                        + " and s.search @@ stet_search_query(?)", notes.id(), search).getValues(0, Long.class));
                List<Long> expected = everyRecord.stream().filter(matches::contains).toList();
                int pageSize = 1 + random.nextInt(9);

                for (WordFrequencies frequencies : statistics) {
                    store.assumeWordFrequencies(frequencies);
                    assertThat(ids(pages(store, RecordQuery.parse(notes, Map.of("q", List.of(search), "sort", List.of(sort))),
                            pageSize))).as("q=%s sort=%s, %s vectors", search, sort, frequencies.vectors()).isEqualTo(expected);
                }
            }
        }
        // Every way of testing a record walked was among them (a word's set, the sets of words as
        // alternatives, the look-up, the vector).
        List<String> walks = sql.statements().stream().map(CapturedStatements.Statement::sql)
                .filter(statement -> statement.contains("\"walk\"")).toList();
        assertThat(walks).anyMatch(walk -> walk.contains("unnest(array("))
                .anyMatch(walk -> walk.split("unnest\\(array\\(").length > 2 && !walk.contains("record_search"))
                .anyMatch(walk -> walk.contains("\"record_word\".\"record_id\" = \"walk\".\"id\""))
                .anyMatch(walk -> walk.contains("\"record_search\".\"record_id\" = \"walk\".\"id\""));
    }

    /** Every page of {@code query}, each of {@code size} records, until one comes out short. */
    private static List<ListedRecord> pages(RecordListStore store, RecordQuery query, int size) {
        List<ListedRecord> all = new ArrayList<>();
        RecordQuery page = query;
        while (true) {
            List<ListedRecord> listed = store.list(notes.id(), page, List.of("name", "color"), size);
            all.addAll(listed);
            if (listed.size() < size) {
                return all;
            }
            page = page.next(listed.get(listed.size() - 1));
        }
    }

    private static long number(String sql, Object... values) {
        return ((Number) list.db().dsl().fetchValue(sql, values)).longValue();
    }

    private static List<Long> ids(List<ListedRecord> records) {
        return records.stream().map(ListedRecord::id).toList();
    }

    /** A search as people type them: one word or a few, a phrase, an alternative, an exclusion. */
    private static String search(Random random) {
        String a = word(random);
        String b = word(random);
        return switch (random.nextInt(8)) {
            case 0, 1 -> a;
            case 2 -> a + " " + b;
            case 3 -> "\"" + a + " " + b + "\"";
            case 4 -> a + " or " + b;
            case 5 -> a + " -" + b;
            case 6 -> "-" + a;
            default -> a.toUpperCase(java.util.Locale.ROOT) + " " + b + " " + word(random);
        };
    }

    private static String word(Random random) {
        // Skewed: the first words are drawn far more often than the last.
        int i = (int) (WORDS.size() * Math.pow(random.nextDouble(), 2.5));
        return WORDS.get(Math.min(i, WORDS.size() - 1));
    }

    private static void insert(Collection collection, Random random) {
        list.db().dsl().execute("insert into record (collection_id, data, version) values (?, ?::jsonb, 1)", collection.id(),
                data(random).data());
    }

    private static JSONB data(Random random) {
        StringBuilder note = new StringBuilder();
        int words = random.nextInt(12);
        for (int w = 0; w < words; w++) {
            note.append(w == 0 ? "" : random.nextInt(5) == 0 ? ", " : " ").append(word(random));
        }
        String name = word(random) + " " + random.nextInt(1000);
        String color = random.nextBoolean() ? "Red" : "Green";
        return JSONB.valueOf(String.format("{\"name\": %s, \"note\": %s, \"color\": \"%s\"}", json(name),
                json(note.toString()), color));
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
