package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.record.ListParts.field;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import stet.db.Database;
import stet.db.DatabaseUrl;
import stet.schema.Collection;
import stet.schema.FieldType;
import stet.support.TestPostgres;

/**
 * A search finds a word however the record and the search spell it in Unicode: composed
 * or decomposed accents (a Mac's file names and pasted text are decomposed), ligatures and
 * full-width letters, a capital sharp s or "ss" for "ß", and a Greek word's final sigma
 * typed as a capital.
 */
@ExtendWith(TestPostgres.class)
class SearchSpellingIT {

    static ListParts list;
    static Collection things;

    @BeforeAll
    static void setUp(Database database) throws Exception {
        list = ListParts.open(database);
        things = list.collection("things", "Things", List.of(field("name", FieldType.TEXT), field("note", FieldType.LONGTEXT)));
        for (String name : List.of(nfd("Café table"), "Crème brûlée", "ﬁne ﬂour", "ＦＵＬＬ width", "Καφές cup",
                "Große Straße", "plain words")) {
            list.db().dsl().execute("insert into record (collection_id, data, version) values (?, jsonb_build_object('name', ?::text), 1)",
                    things.id(), name);
        }
    }

    @AfterAll
    static void tearDown() {
        list.close();
    }

    @ParameterizedTest(name = "{0} finds {1}")
    @CsvSource(delimiter = '|', textBlock = """
            café          | Café table
            CAFÉ          | Café table
            crème         | Crème brûlée
            BRÛLÉE        | Crème brûlée
            fine          | ﬁne ﬂour
            ﬁne ﬂour      | ﬁne ﬂour
            flour         | ﬁne ﬂour
            full          | ＦＵＬＬ width
            ＦＵＬＬ      | ＦＵＬＬ width
            καφές         | Καφές cup
            ΚΑΦΈΣ         | Καφές cup
            straße        | Große Straße
            STRASSE       | Große Straße
            strasse       | Große Straße
            GROẞE         | Große Straße
            grosse        | Große Straße
            """)
    void a_word_is_found_however_either_side_spells_it(String search, String name) {
        assertThat(names(search)).as("q=%s", search).containsExactly(name);
        assertThat(names(nfd(search))).as("q=%s decomposed", search).containsExactly(name);
    }

    @ParameterizedTest(name = "{0} finds nothing")
    @CsvSource({"cafe", "creme", "table-ish", "ful"})
    void accents_and_whole_words_still_count(String search) {
        assertThat(names(search)).as("q=%s", search).isEmpty();
    }

    @Test
    void the_lists_estimates_fold_a_search_as_postgresql_does() {
        String letters = "aeiouAEIOUßẞςσΣéÉ\u0301\u0308ﬁﬂﬃＡＺａｚ１①ⅫİıŉǄǅǆ\u00a0½ ";
        List<String> pieces = letters.chars().mapToObj(c -> String.valueOf((char) c)).toList();
        for (String typed : SearchSamples.of(pieces, 300, 12, 2026_11_28L)) {
            assertThat(SearchFold.fold(typed)).as("fold of %s", typed)
                    .isEqualTo(list.db().dsl().fetchValue("select stet_search_fold(?)", typed));
        }
    }

    @Test
    void records_written_before_the_fold_are_found_by_it(DatabaseUrl server) throws SQLException {
        // A database of its own on the same server, migrated to V24, given records, then migrated on.
        DatabaseUrl url = OldDatabases.at(server, "stet_before_fold", "24");
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                Statement statement = connection.createStatement()) {
            statement.execute("insert into collection (slug, name, fields, version) values ('old', 'Old',"
                    + " '[{\"key\": \"name\", \"type\": \"text\"}]', 1)");
            statement.execute("insert into record (collection_id, data, version) select id, jsonb_build_object('name', n), 1"
                    + " from collection, unnest(array['" + nfd("Café") + " table', 'Große Straße', 'plain words']) n");
            OldDatabases.migrate(url, "latest");

            for (String search : List.of("café", "strasse")) {
                ResultSet found = statement.executeQuery("select count(*) from record_search s join record_word w"
                        + " on w.record_id = s.record_id where s.search @@ stet_search_query('" + search + "')"
                        + " and w.lexeme = (select (tsvector_to_array(to_tsvector('simple', stet_search_fold('" + search
                        + "'))))[1])");
                found.next();
                assertThat(found.getInt(1)).as("q=%s", search).isEqualTo(1);
            }
        }
    }

    private static List<String> names(String search) {
        RecordQuery query = RecordQuery.parse(things, Map.of("q", List.of(search)));
        return new RecordListStore(list.db().dsl()).list(things.id(), query, List.of("name"), 50).stream()
                .map(record -> Normalizer.normalize(record.values().get("name"), Normalizer.Form.NFC)).toList();
    }

    private static String nfd(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD);
    }
}
