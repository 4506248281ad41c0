package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.record.ListParts.field;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.db.Database;
import stet.schema.Collection;
import stet.schema.FieldType;
import stet.support.CapturedStatements;
import stet.support.TestPostgres;

/**
 * A later page of a sorted list, as the node runs it: one prepared statement per shape,
 * whose plan PostgreSQL keeps after the fifth run when it costs no more than planning
 * each run would. In a database of its own, where every record has the sorted field, as
 * in a collection that holds most of the records.
 */
@ExtendWith(TestPostgres.class)
class ListPagePlanIT {

    @Test
    void a_later_page_of_a_list_sorted_by_a_field_keeps_one_plan_instead_of_being_planned_on_every_run(Database database)
            throws Exception {
        try (ListParts list = ListParts.open(database)) {
            Collection racks = list.collection("racks", "Racks", List.of(field("label", FieldType.TEXT),
                    field("depth", FieldType.INTEGER)));
            list.db().dsl().execute("insert into record (collection_id, data, version) select ?, jsonb_build_object("
                    + "'label', 'Rack ' || lpad((g % 3000)::text, 4, '0'), 'depth', (g % 70)::text, "
                    + "'note', repeat(md5(g::text), 4)), 1 from generate_series(1, 30000) g", racks.id());
            list.db().dsl().execute("analyze record");

            // The statistics of the field's expressions (ListIndex) say that every record has a label: a
            // cursor compared as "(empty, label, id) > (0, …)" looked like no record at all, cheaper to
            // plan again each run (0.5 ms at 10^6 records) than any kept plan.
            assertThat(planOfTheSeventhRun(list, racks, "label")).as("a kept plan shows its parameters").contains("$");
            assertThat(planOfTheSeventhRun(list, racks, "-depth")).as("a kept plan shows its parameters").contains("$");
        }
    }

    /** The plan PostgreSQL uses for the seventh run of the statement of page 2 in {@code sort}'s order. */
    private static String planOfTheSeventhRun(ListParts list, Collection collection, String sort) throws Exception {
        RecordListStore store = new RecordListStore(list.db().dsl());
        RecordQuery first = RecordQuery.parse(collection, Map.of("sort", List.of(sort)));
        List<ListedRecord> page = store.list(collection.id(), first, List.of("label", "depth"), 51);
        String cursor = first.cursorAfter(page.get(page.size() - 1));
        CapturedStatements sql = new CapturedStatements();
        new RecordListStore(list.db().wrapped(sql::wrap).dsl()).list(collection.id(),
                RecordQuery.parse(collection, Map.of("sort", List.of(sort), "after", List.of(cursor))),
                List.of("label", "depth"), 51);
        CapturedStatements.Statement second = sql.statements().get(sql.statements().size() - 1);
        assertThat(second.values()).as("the statement has the cursor as parameters").isNotEmpty();
        return list.db().maintenance(c -> {
            c.execute(second.prepare("page"));
            for (int run = 0; run < 6; run++) {
                c.fetch(second.execute("page"));
            }
            StringBuilder plan = new StringBuilder();
            c.fetch("explain " + second.execute("page")).forEach(r -> plan.append(r.get(0)).append('\n'));
            c.execute("deallocate page");
            return plan.toString();
        });
    }
}
