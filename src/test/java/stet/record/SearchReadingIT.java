package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.record.ListParts.field;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
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
 * How a search reads the records' text and the words typed: every text field is searched,
 * however long the others are; any character that is not a letter, a mark or a digit
 * separates words (inside URLs, e-mail addresses, tags and numbers too); invisible
 * formatting is ignored; and a lone dash or a dangling "or" is no operator.
 */
@ExtendWith(TestPostgres.class)
class SearchReadingIT {

    static ListParts list;
    static Collection notes;

    @BeforeAll
    static void setUp(Database database) throws Exception {
        list = ListParts.open(database);
        notes = list.collection("reading", "Reading", List.of(field("title", FieldType.TEXT),
                field("body", FieldType.LONGTEXT), field("code", FieldType.TEXT)));
        for (String title : List.of("http://example.com/path?q=1", "<script>alert(1)</script>", "<b>bold</b> &amp; co",
                "e-mail addresses foo@example.org", "-2+3", "zero\u200bwidth", "x\u00ady", "red tie", "red shoe",
                "tie or shoe", "version 1.5.2", "an em—dash", "one→two")) {
            insert(title, "", "");
        }
        insert("cut test", "filler ".repeat(15_000) + "unicorn", "zebracode42");
    }

    @AfterAll
    static void tearDown() {
        list.close();
    }

    @ParameterizedTest(name = "{0} finds {1}")
    @CsvSource(delimiter = '|', textBlock = """
            path                           | http://example.com/path?q=1
            example.com/path               | http://example.com/path?q=1
            http://example.com/path?q=1    | http://example.com/path?q=1
            '"http://example.com/path?q=1"'| http://example.com/path?q=1
            alert                          | <script>alert(1)</script>
            script                         | <script>alert(1)</script>
            <script>alert(1)</script>      | <script>alert(1)</script>
            amp                            | <b>bold</b> &amp; co
            bold                           | <b>bold</b> &amp; co
            foo                            | e-mail addresses foo@example.org
            foo@example.org                | e-mail addresses foo@example.org
            e-mail                         | e-mail addresses foo@example.org
            mail                           | e-mail addresses foo@example.org
            3                              | -2+3
            2+3                            | -2+3
            zero                           | zero\u200bwidth
            width                          | zero\u200bwidth
            xy                             | x\u00ady
            x\u00ady                       | x\u00ady
            1.5.2                          | version 1.5.2
            dash                           | an em—dash
            em                             | an em—dash
            two                            | one→two
            """)
    void words_are_separated_by_every_other_character(String search, String title) {
        String typed = unescape(search);
        assertThat(titles(typed)).as("q=%s", typed).containsExactly(unescape(title));
    }

    @Test
    void a_short_text_field_after_a_long_one_is_found_by_its_words_and_phrases() {
        assertThat(titles("zebracode42")).containsExactly("cut test");
        assertThat(titles("\"cut test\"")).containsExactly("cut test");
        assertThat(titles("cut zebracode42 filler")).containsExactly("cut test");
        // The long text itself is read up to what the others leave of 100,000 characters.
        assertThat(titles("unicorn")).isEmpty();
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            - tie    | red tie, tie or shoe
            tie -    | red tie, tie or shoe
            tie or   | red tie, tie or shoe
            or tie   | red tie, tie or shoe
            tie or or shoe | red tie, red shoe, tie or shoe
            red -tie | red shoe
            red - tie | red tie
            '"tie or shoe"' | tie or shoe
            '-"red tie" red' | red shoe
            """)
    void a_lone_dash_and_a_dangling_or_are_no_operators(String search, String expected) {
        assertThat(titles(search)).as("q=%s", search).containsExactlyInAnyOrder(expected.split(", "));
    }

    @Test
    void every_character_separates_joins_or_is_dropped_as_the_lists_estimates_read_it() {
        StringBuilder text = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int c = 1; c < 0x30000; c++) {
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                continue;
            }
            text.append('a').appendCodePoint(c).append('b');
            expected.append(SearchText.ignored(c) ? "ab" : SearchText.separates(c) ? "a b" : "a" + Character.toString(c) + "b");
            text.append(' ');
            expected.append(' ');
        }
        String read = list.db().dsl().fetchValue("select stet_search_words(?)", text.toString()).toString();
        assertThat(read).isEqualTo(expected.toString());
    }

    @Test
    void the_lists_estimates_read_a_search_as_postgresql_does() {
        List<String> pieces = List.of("a", "Bé", "12", "or", "OR", " ", " ", "\"", "-", "—", ".", "@", "/", "+", "\u00ad",
                "\u200b", "\t", "😀", "(", "ß", "ＯＲ", "x-y", " - ", " or ", "\u00a0");
        for (String search : SearchSamples.of(pieces, 400, 10, 2026_11_29L)) {
            assertThat(SearchText.query(search)).as("[%s]", search)
                    .isEqualTo(list.db().dsl().fetchValue("select stet_search_query_text(?)", search));
        }
    }

    @Test
    void records_written_before_are_read_again_at_the_first_start(DatabaseUrl server) throws Exception {
        DatabaseUrl old = OldDatabases.at(server, "stet_before_reading", "30");
        try (Connection connection = DriverManager.getConnection(old.jdbcUrl(), old.user(), old.password());
                Statement statement = connection.createStatement()) {
            statement.execute("insert into collection (slug, name, fields, version, search_keys) values ('old', 'Old',"
                    + " '[{\"key\": \"name\", \"type\": \"text\"}, {\"key\": \"body\", \"type\": \"longtext\"},"
                    + " {\"key\": \"code\", \"type\": \"text\"}]', 1, array['name', 'body', 'code'])");
            statement.execute("insert into record (collection_id, data, version) select id, jsonb_build_object('name', n,"
                    + " 'body', repeat('filler ', 15000), 'code', 'code' || n), 1"
                    + " from collection, unnest(array['see http://example.com/path', 'plain words']) n");
        }
        try (ListParts parts = ListParts.open(Database.connect(old))) {
            parts.parts().searchVectors().awaitIdle();
            Collection collection = parts.parts().collections().get("old");
            RecordListStore store = new RecordListStore(parts.db().dsl());
            for (String search : List.of("path", "plain", "codeplain")) {
                RecordQuery query = RecordQuery.parse(collection, Map.of("q", List.of(search)));
                assertThat(store.list(collection.id(), query, List.of("name"), 10)).as("q=%s", search).hasSize(1);
            }
        }
    }

    private static void insert(String title, String body, String code) {
        list.db().dsl().execute("insert into record (collection_id, data, version) values (?,"
                + " jsonb_build_object('title', ?::text, 'body', ?::text, 'code', ?::text), 1)", notes.id(), title, body, code);
    }

    private static List<String> titles(String search) {
        RecordQuery query = RecordQuery.parse(notes, Map.of("q", List.of(search)));
        return new RecordListStore(list.db().dsl()).list(notes.id(), query, List.of("title"), 50).stream()
                .map(record -> record.values().get("title")).toList();
    }

    private static String unescape(String text) {
        return text.replace("\\u200b", "\u200b").replace("\\u00ad", "\u00ad");
    }
}
