package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.record.ListParts.field;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.db.Database;
import stet.schema.Collection;
import stet.schema.FieldType;
import stet.support.TestPostgres;

/**
 * A date field whose key a removed text field had keeps that field's strings in older
 * records: they are no days, so a date filter never matches them and the date order puts
 * them with the empty values, as number and yes/no fields treat such values.
 */
@ExtendWith(TestPostgres.class)
class LeftoverDatesIT {

    static ListParts list;
    static Collection morph;

    @BeforeAll
    static void setUp(Database database) throws Exception {
        list = ListParts.open(database);
        morph = list.collection("morph", "Morph", List.of(field("name", FieldType.TEXT), field("when", FieldType.DATE)));
        String[] whens = {"hello", "2026-05-01", "zzz", "", "2026-13-45", "9999-12-31x", "2026-02-30", "2024-02-29", null};
        for (int i = 0; i < whens.length; i++) {
            list.db().dsl().execute("insert into record (collection_id, data, version) values (?,"
                    + " jsonb_strip_nulls(jsonb_build_object('name', ?::text, 'when', ?::text)), 1)", morph.id(), "r" + i, whens[i]);
        }
    }

    @AfterAll
    static void tearDown() {
        list.close();
    }

    @Test
    void a_date_filter_matches_days_only() {
        assertThat(names(Map.of("when", List.of("2026-01-01..")))).containsExactly("r1");
        assertThat(names(Map.of("when", List.of("9999-12-31..")))).isEmpty();
        assertThat(names(Map.of("when", List.of("..2026-12-31")))).containsExactly("r1", "r7");
    }

    @Test
    void the_date_order_puts_values_that_are_no_days_with_the_empty_ones_on_every_page() {
        List<String> expected = List.of("r7", "r1", "r0", "r2", "r3", "r4", "r5", "r6", "r8");
        assertThat(walk("when", 50)).containsExactlyElementsOf(expected);
        assertThat(walk("when", 1)).containsExactlyElementsOf(expected);
        List<String> reversed = new ArrayList<>(expected);
        Collections.reverse(reversed);
        assertThat(walk("-when", 2)).containsExactlyElementsOf(reversed);
    }

    private static List<String> walk(String sort, int limit) {
        List<String> names = new ArrayList<>();
        RecordQuery query = RecordQuery.parse(morph, Map.of("sort", List.of(sort)));
        while (true) {
            List<ListedRecord> page = new RecordListStore(list.db().dsl()).list(morph.id(), query, List.of("name", "when"), limit);
            page.forEach(r -> names.add(r.values().get("name")));
            if (page.size() < limit) {
                return names;
            }
            query = query.next(page.get(page.size() - 1));
        }
    }

    private static List<String> names(Map<String, List<String>> params) {
        RecordQuery query = RecordQuery.parse(morph, params);
        return new RecordListStore(list.db().dsl()).list(morph.id(), query, List.of("name"), 50).stream()
                .map(r -> r.values().get("name")).toList();
    }
}
