package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.e2e.User.BOB;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stet.App;
import stet.Components;
import stet.schema.Collection;
import stet.support.TestApp;

/**
 * Finding records in a long list: a search typed into the box, a column header clicked
 * twice (ascending, then descending), a filter, and paging on with all three kept.
 */
@EndToEnd
class RecordListIT {

    private static final int LAMPS = 110;

    /** A lamp as created: what the list is sorted and filtered by. */
    private record Lamp(BigDecimal price, String category) {}

    /** Lamps in the demo inventory, with tied prices and every other one in the Office, by id. */
    private static Map<Long, Lamp> createLamps(App app) {
        Components parts = Components.build(app.database());
        stet.auth.User admin = parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
        Collection inventory = parts.collections().get("inventory");
        for (int i = 1; i <= LAMPS; i++) {
            parts.records().create(inventory, Map.of(
                    "name", List.of("Lamp " + i),
                    "sku", List.of(String.format("LAMP-%03d", i)),
                    "description", List.of("A desk lamp of " + (100 + i) + " lumen.\n"),
                    "quantity", List.of("1"),
                    "price", List.of((i % 17) + ".5"),
                    "category", List.of(i % 2 == 0 ? "Office" : "Kitchen")), null, "", admin);
        }
        Map<Long, Lamp> lamps = new LinkedHashMap<>();
        app.database().dsl()
                .fetch("select id, data ->> 'price', data ->> 'category' from record where data ->> 'sku' like 'LAMP-%'")
                .forEach(r -> lamps.put(r.get(0, Long.class),
                        new Lamp(new BigDecimal(r.get(1, String.class)), r.get(2, String.class))));
        return lamps;
    }

    @Test
    void a_search_sorted_by_a_column_and_filtered_pages_on_keeping_all_three(Browsers browsers, App app) {
        Map<Long, Lamp> lamps = createLamps(app);
        Comparator<Long> byPrice = Comparator.<Long, BigDecimal>comparing(id -> lamps.get(id).price())
                .thenComparing(id -> id);
        Browser bob = browsers.logIn(BOB);

        RecordListPage found = bob.records("inventory").typeSearch("lumen").submitSearch();

        assertThat(found.query()).containsEntry("q", "lumen");
        assertThat(found.ids()).hasSize(50).allMatch(lamps::containsKey);

        RecordListPage ascending = found.sortBy("price");

        assertThat(ascending.ariaSort("price")).isEqualTo("ascending");
        assertThat(ascending.ariaSort("name")).isEqualTo("none");
        assertThat(ascending.ids()).isEqualTo(lamps.keySet().stream().sorted(byPrice).limit(50).toList());

        RecordListPage descending = ascending.sortBy("price");

        assertThat(descending.ariaSort("price")).isEqualTo("descending");
        assertThat(descending.ids()).isEqualTo(lamps.keySet().stream().sorted(byPrice.reversed()).limit(50).toList());

        RecordListPage office = descending.chooseFilter("category", "Office").submitSearch();
        List<Long> expected = lamps.keySet().stream()
                .filter(id -> lamps.get(id).category().equals("Office"))
                .sorted(byPrice.reversed())
                .toList();

        assertThat(office.query()).containsEntry("q", "lumen").containsEntry("sort", "-price")
                .containsEntry("category", "Office");
        assertThat(office.ids()).isEqualTo(expected.subList(0, 50));

        RecordListPage next = office.nextPage();

        assertThat(next.query()).containsEntry("q", "lumen").containsEntry("sort", "-price")
                .containsEntry("category", "Office").containsKey("after");
        assertThat(next.ariaSort("price")).isEqualTo("descending");
        assertThat(next.ids()).isEqualTo(expected.subList(50, expected.size()));
        assertThat(next.hasNextPage()).isFalse();
    }
}
