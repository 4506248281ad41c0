package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.record.ListParts.field;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.db.Database;
import stet.schema.Collection;
import stet.schema.CollectionForm;
import stet.schema.CollectionService;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.TestPostgres;

/**
 * A search reads the text fields the collection has now: a text field removed no longer
 * finds its records by its words, and one added back finds them again, once the vectors
 * are made again in the background; records written meanwhile are found as their own
 * saves made them.
 */
@ExtendWith(TestPostgres.class)
class SearchVectorsIT {

    static ListParts list;

    @BeforeAll
    static void setUp(Database database) {
        list = ListParts.open(database);
    }

    @AfterAll
    static void tearDown() {
        list.close();
    }

    @Test
    void a_removed_text_field_no_longer_finds_records_and_one_added_back_finds_them_again() throws Exception {
        Collection notes = list.collection("notes-vectors", "Notes", List.of(field("name", FieldType.TEXT),
                field("secret", FieldType.TEXT), field("body", FieldType.LONGTEXT)));
        // More records than one batch, so that a pass takes several.
        int records = SearchVectors.BATCH + 150;
        list.db().dsl().execute("insert into record (collection_id, data, version) select ?, jsonb_build_object('name',"
                + " 'item ' || n, 'secret', 'codeword' || (n % 3), 'body', 'plain text'), 1"
                + " from generate_series(1, ?) n", notes.id(), records);
        assertThat(found(notes, "codeword0")).isEqualTo(records / 3);

        Collection without = update(notes, notes.fields().stream().filter(f -> !f.key().equals("secret")).toList());
        list.parts().searchVectors().awaitIdle();

        assertThat(found(without, "codeword0")).isZero();
        assertThat(found(without, "plain")).isEqualTo(records);
        assertThat(found(without, "item")).isEqualTo(records);

        List<FieldDef> back = new ArrayList<>(without.fields());
        back.add(field("secret", FieldType.TEXT));
        Collection again = update(without, back);
        list.parts().searchVectors().awaitIdle();

        assertThat(found(again, "codeword1")).isEqualTo((records + 2) / 3);
    }

    @Test
    void saves_during_a_pass_leave_every_vector_as_its_records_values_make_it() throws Exception {
        Collection docs = list.collection("docs-vectors", "Docs", List.of(field("name", FieldType.TEXT),
                field("draft", FieldType.TEXT), field("body", FieldType.LONGTEXT)));
        int records = 3 * SearchVectors.BATCH;
        list.db().dsl().execute("insert into record (collection_id, data, version) select ?, jsonb_build_object('name',"
                + " 'doc ' || n, 'draft', 'draftword', 'body', 'first body'), 1 from generate_series(1, ?) n",
                docs.id(), records);
        List<Long> ids = list.db().dsl().fetch("select id from record where collection_id = ? order by id", docs.id())
                .getValues(0, Long.class);

        update(docs, docs.fields().stream().filter(f -> !f.key().equals("draft")).toList());
        // Saves of the records' text while the pass makes their vectors, from the last record back.
        for (int i = ids.size() - 1; i >= 0; i -= 7) {
            list.db().dsl().execute("update record set data = data || jsonb_build_object('body', 'second body ' || id),"
                    + " version = version + 1 where id = ?", ids.get(i));
        }
        list.parts().searchVectors().awaitIdle();

        assertThat(list.db().dsl().fetchValue("select count(*) from record r join record_search s on s.record_id = r.id"
                + " where r.collection_id = ? and s.search is distinct from"
                + " to_tsvector('simple', record_search_text(r.collection_id, r.data, null))", docs.id()))
                .isEqualTo(0L);
        assertThat(found(list.parts().collections().get("docs-vectors"), "draftword")).isZero();
    }

    @Test
    void a_definition_whose_text_fields_did_not_change_makes_no_vector_again() throws Exception {
        Collection tags = list.collection("tags-vectors", "Tags", List.of(field("name", FieldType.TEXT),
                field("size", FieldType.INTEGER)));
        list.db().dsl().execute("insert into record (collection_id, data, version) values (?, '{\"name\": \"alpha\"}', 1)",
                tags.id());
        // A vector that is not what its record's values make: a pass that made it again would replace it.
        list.db().dsl().execute("update record_search set search = to_tsvector('simple', 'marker') where record_id ="
                + " (select id from record where collection_id = ?)", tags.id());

        List<FieldDef> renamed = List.of(field("name", FieldType.TEXT), new FieldDef("size", "Size (cm)",
                FieldType.INTEGER, false, false, null, null, false, List.of()));
        Collection updated = update(tags, renamed);
        list.parts().searchVectors().awaitIdle();

        assertThat(found(updated, "marker")).isEqualTo(1);
    }

    private static int found(Collection collection, String search) {
        RecordQuery query = RecordQuery.parse(collection, Map.of("q", List.of(search)));
        return new RecordListStore(list.db().dsl()).list(collection.id(), query, List.of("name"), 10_000).size();
    }

    private static Collection update(Collection current, List<FieldDef> fields) {
        CollectionForm form = CollectionForm.of(current.name(), current.slug(), false, fields, 0);
        CollectionService.Outcome outcome = list.parts().collections().update(current.slug(), current.version(),
                list.parts().collections().versionToken(current.id(), current.version(), list.admin()), form,
                list.admin());
        assertThat(outcome).isInstanceOf(CollectionService.Outcome.Saved.class);
        return list.parts().collections().get(current.slug());
    }
}
