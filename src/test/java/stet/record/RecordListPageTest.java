package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;

class RecordListPageTest {

    private static Collection collection(String... keys) {
        List<FieldDef> fields = java.util.Arrays.stream(keys)
                .map(k -> new FieldDef(k, k.toUpperCase(), FieldType.TEXT, false, false, null, null, false, List.of()))
                .toList();
        return new Collection(1, "things", "Things", fields, false, stet.schema.Leasing.DEFAULT, 1, null);
    }

    private static List<RecordListPage.Column> columns(Collection collection, String sort) {
        RecordQuery query = RecordQuery.parse(collection, sort == null ? Map.of() : Map.of("sort", List.of(sort)));
        return RecordListPage.columns(collection, "/collections/" + collection.slug(), query, query.params());
    }

    @Test
    void every_column_links_to_its_ascending_order_and_the_sorted_one_to_its_reverse() {
        assertThat(columns(collection("name"), "name")).containsExactly(
                new RecordListPage.Column("id", "#", "/collections/things?sort=id", "none"),
                new RecordListPage.Column("name", "NAME", "/collections/things?sort=-name", "ascending"),
                new RecordListPage.Column("version", "Version", "/collections/things?sort=version", "none"));
        assertThat(columns(collection("name"), "-name").get(1))
                .isEqualTo(new RecordListPage.Column("name", "NAME", "/collections/things?sort=name", "descending"));
    }

    @Test
    void a_field_keyed_id_takes_the_sort_key_from_the_number_column() {
        assertThat(RecordQuery.sortKeys(collection("id", "name"))).containsExactly("id", "name", "version");
        assertThat(columns(collection("id", "name"), null)).containsExactly(
                new RecordListPage.Column("id", "#", null, null),
                new RecordListPage.Column("id", "ID", "/collections/things?sort=id", "none"),
                new RecordListPage.Column("name", "NAME", "/collections/things?sort=name", "none"),
                new RecordListPage.Column("version", "Version", "/collections/things?sort=version", "none"));
    }
}
