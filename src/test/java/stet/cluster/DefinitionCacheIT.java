package stet.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.db.DatabaseUrl;
import stet.schema.Collection;
import stet.schema.CollectionForm;
import stet.schema.CollectionService;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.Records;
import stet.support.TestApp;
import stet.support.TestPostgres;
import stet.support.WebClient;

/**
 * Each node caches collection definitions; another node's change of a definition must
 * show on this node's next page and decide its next save, however warm its cache.
 */
@ExtendWith(TestPostgres.class)
class DefinitionCacheIT {

    private static App nodeA;
    private static Components nodeB;
    private static Database dbB;
    private static User admin;
    private static WebClient onA;

    @BeforeAll
    static void start(DatabaseUrl url) {
        nodeA = TestApp.start(Database.connect(url));
        dbB = Database.connect(url);
        nodeB = Components.build(dbB);
        admin = nodeB.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
        onA = new WebClient(nodeA.port()).logIn("admin", TestApp.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        nodeA.close();
        dbB.close();
    }

    private static Collection bins(String slug) {
        return nodeB.collections().create(slug, "Bins", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of()),
                new FieldDef("code", "Code", FieldType.TEXT, false, false, null, null, false, List.of())),
                false, admin);
    }

    /** On node B: {@code code} becomes unique and a field {@code color} is added. */
    private static void changeOnNodeB(Collection bins) {
        List<FieldDef> fields = new java.util.ArrayList<>(bins.fields().stream()
                .map(f -> f.key().equals("code")
                        ? new FieldDef(f.key(), f.label(), f.type(), f.required(), true, f.min(), f.max(), f.delta(), f.choices())
                        : f)
                .toList());
        fields.add(new FieldDef("color", "Color", FieldType.TEXT, false, false, null, null, false, List.of()));
        CollectionService service = nodeB.collections();
        var outcome = service.update(bins.slug(), bins.version(), service.versionToken(bins.id(), bins.version(), admin),
                CollectionForm.of(bins.name(), bins.slug(), false, fields, 0), admin);
        assertThat(outcome).isInstanceOf(CollectionService.Outcome.Saved.class);
    }

    @Test
    void a_definition_changed_on_another_node_shows_on_the_next_record_page_and_forms() {
        Collection bins = bins("bins-pages");
        long id = Records.create(onA, bins.slug(), Map.of("name", "Shelf", "code", "S-1"));
        // Node A reads (and caches) the first definition.
        assertThat(onA.get("/records/" + id).body()).doesNotContain("value-color");
        assertThat(onA.get("/records/" + id + "/edit").form("record-form")).doesNotContainKey("color");
        assertThat(onA.get("/collections/" + bins.slug()).status()).isEqualTo(200);

        changeOnNodeB(bins);

        assertThat(onA.get("/records/" + id).body()).contains("data-testid=\"value-color\"");
        assertThat(onA.get("/records/" + id + "/edit").form("record-form")).containsKey("color");
        assertThat(onA.get("/collections/" + bins.slug() + "/new").form("record-form")).containsKey("color");
    }

    @Test
    void a_definition_changed_on_another_node_shows_on_the_next_list_page_with_records_or_none() {
        Collection bins = bins("bins-list");
        Records.create(onA, bins.slug(), Map.of("name", "Crate", "code", "K-1"));
        // Node A reads (and caches) the first definition, for a page of records and an empty one.
        assertThat(onA.get("/collections/" + bins.slug()).has("sort-fragile")).isFalse();
        assertThat(onA.get("/collections/" + bins.slug() + "?q=nowhere").has("filter-fragile")).isFalse();
        assertThat(onA.get("/collections/" + bins.slug() + "?sort=fragile").status()).isEqualTo(400);

        // On node B: a flag is added, a column of the list that it can be sorted and filtered by.
        List<FieldDef> fields = new java.util.ArrayList<>(bins.fields());
        fields.add(new FieldDef("fragile", "Fragile", FieldType.BOOLEAN, false, false, null, null, false, List.of()));
        CollectionService service = nodeB.collections();
        assertThat(service.update(bins.slug(), bins.version(), service.versionToken(bins.id(), bins.version(), admin),
                CollectionForm.of(bins.name(), bins.slug(), false, fields, 0), admin))
                .isInstanceOf(CollectionService.Outcome.Saved.class);

        WebClient.Page page = onA.get("/collections/" + bins.slug());
        assertThat(page.has("sort-fragile")).isTrue();
        assertThat(page.body()).contains("Crate");
        WebClient.Page empty = onA.get("/collections/" + bins.slug() + "?q=nowhere");
        assertThat(empty.has("no-records")).isTrue();
        assertThat(empty.has("filter-fragile")).isTrue();
        WebClient.Page sorted = onA.get("/collections/" + bins.slug() + "?sort=fragile");
        assertThat(sorted.status()).isEqualTo(200);
        assertThat(sorted.body()).contains("Crate");
    }

    @Test
    void a_save_on_a_node_with_the_old_definition_cached_is_validated_against_the_new_one() {
        Collection bins = bins("bins-save");
        Records.create(onA, bins.slug(), Map.of("name", "First", "code", "C-1"));
        long second = Records.create(onA, bins.slug(), Map.of("name", "Second", "code", "C-2"));
        // The form is fetched (and the definition cached) while codes may repeat.
        Map<String, List<String>> form = onA.get("/records/" + second + "/edit").form("record-form");

        changeOnNodeB(bins);

        form.put("code", List.of("C-1"));
        WebClient.Page refused = onA.postForm("/records/" + second, form);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("C-1");
        assertThat(onA.get("/records/" + second).body()).contains("C-2").doesNotContain("C-1");
    }
}
