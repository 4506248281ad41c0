package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.record.ListParts.field;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.db.Database;
import stet.schema.Collection;
import stet.schema.CollectionStore;
import stet.schema.FieldType;
import stet.support.LongTexts;
import stet.support.Records;
import stet.support.TestPostgres;

/**
 * Values as long as a text field allows whose UTF-8 is longer than a b-tree index entry
 * may be (2,704 bytes), in the shown columns of collections with list indexes (as a large
 * collection has them): saved, indexed and listed in order, by their first
 * {@link ListColumns#SORTED_LENGTH} characters and then by id.
 */
@ExtendWith(TestPostgres.class)
class ListedLongValuesIT {

    static ListParts list;

    @BeforeAll
    static void setUp(Database database) {
        list = ListParts.open(database);
    }

    @AfterAll
    static void tearDown() {
        list.close();
    }

    private static long create(Collection collection, String... pairs) {
        Map<String, List<String>> form = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], List.of(pairs[i + 1]));
        }
        CreateOutcome outcome = list.parts().records().create(collection, form, null, null, list.admin());
        assertThat(outcome).isInstanceOf(CreateOutcome.Created.class);
        return ((CreateOutcome.Created) outcome).record().id();
    }

    @Test
    void long_values_in_shown_columns_are_saved_and_listed_in_order() throws Exception {
        Collection notes = list.collection("notes", "Notes", List.of(field("title", FieldType.TEXT),
                field("code", FieldType.TEXT)));
        // Alike in their first 400 characters: the 401st tells their order.
        String shared = LongTexts.ideographs(1, 400);
        long b = create(notes, "title", shared + "b" + LongTexts.ideographs(2, 599));
        long a = create(notes, "title", shared + "a" + LongTexts.ideographs(3, 599));
        long c = create(notes, "title", shared + "c" + LongTexts.astral(4, 599));
        long shortOne = create(notes, "title", "Short");

        assertThat(Records.save(list.parts().records(), shortOne, Map.of("code", LongTexts.astral(5, 1000)),
                list.admin())).isInstanceOf(SaveOutcome.Saved.class);

        assertThat(sortedIds(notes, "title", 2)).containsExactly(shortOne, a, b, c);
        assertThat(sortedIds(notes, "-title", 2)).containsExactly(c, b, a, shortOne);
        assertThat(sortedIds(notes, "code", 3)).as("empty values last, by id").containsExactly(shortOne, b, a, c);
    }

    @Test
    void values_alike_in_their_first_500_characters_are_listed_by_id_among_themselves() throws Exception {
        Collection sayings = list.collection("sayings", "Sayings", List.of(field("title", FieldType.TEXT)));
        String shared = LongTexts.ideographs(6, ListColumns.SORTED_LENGTH);
        long z = create(sayings, "title", shared + "z");
        long y = create(sayings, "title", shared + "y" + LongTexts.astral(7, 400));
        long before = create(sayings, "title", shared.substring(0, ListColumns.SORTED_LENGTH - 1));

        assertThat(sortedIds(sayings, "title", 1)).containsExactly(before, z, y);
        assertThat(sortedIds(sayings, "-title", 1)).containsExactly(y, z, before);
    }

    @Test
    void the_list_indexes_of_a_collection_whose_records_hold_long_values_are_built() throws Exception {
        try (ListIndexes fromThree = new ListIndexes(list.db(), new CollectionStore(list.db().dsl())::find, List::of, 3)) {
            Collection memos = list.collection("memos", "Memos", List.of(field("title", FieldType.TEXT)));
            assertThat(fromThree.reconcile(memos.id())).isEqualTo(ListIndexes.Outcome.DONE);
            assertThat(ListIndexStore.existing(list.db().dsl(), memos.id())).as("an empty collection").isEmpty();
            for (int i = 0; i < 3; i++) {
                create(memos, "title", LongTexts.astral(10 + i, 1000));
            }

            assertThat(fromThree.reconcile(memos.id())).isEqualTo(ListIndexes.Outcome.DONE);

            assertThat(ListIndexStore.existing(list.db().dsl(), memos.id())).hasSize(2).doesNotContainValue(false);
        }
    }

    /** The ids of a list in {@code sort}'s order, read a page of {@code pageSize} at a time. */
    private static List<Long> sortedIds(Collection collection, String sort, int pageSize) {
        RecordListStore store = new RecordListStore(list.db().dsl());
        List<Long> ids = new ArrayList<>();
        RecordQuery query = RecordQuery.parse(collection, Map.of("sort", List.of(sort)));
        while (true) {
            List<ListedRecord> page = store.list(collection.id(), query, List.of("title", "code"), pageSize);
            page.forEach(r -> ids.add(r.id()));
            if (page.size() < pageSize) {
                return ids;
            }
            query = query.next(page.get(page.size() - 1));
        }
    }
}
