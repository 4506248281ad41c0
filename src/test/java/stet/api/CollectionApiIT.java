package stet.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import stet.auth.User;
import stet.schema.Leasing;
import stet.support.Sessions;
import stet.support.TestApp;

/** Collections through the JSON API: the list, a definition, a page of records as the list page finds them, leases. */
class CollectionApiIT extends ApiTest {

    @Test
    void the_collections_are_listed_with_the_address_of_their_records() {
        parts("list-a");

        JsonNode collections = api("alice").get("/api/v1/collections").json().get("collections");

        List<String> slugs = new ArrayList<>();
        collections.forEach(c -> slugs.add(c.get("slug").textValue()));
        assertThat(slugs).contains("inventory", "list-a");
        JsonNode listA = collections.get(slugs.indexOf("list-a"));
        assertThat(listA.get("records").textValue()).isEqualTo("/api/v1/collections/list-a/records");
        assertThat(listA.get("name").textValue()).isEqualTo("Parts list-a");
    }

    @Test
    void a_definition_names_each_fields_key_label_type_bounds_and_choices() {
        parts("define-a");

        JsonNode definition = api("alice").get("/api/v1/collections/define-a").json();

        assertThat(definition.get("slug").textValue()).isEqualTo("define-a");
        assertThat(definition.get("confirmMerges").booleanValue()).isFalse();
        JsonNode fields = definition.get("fields");
        assertThat(fields).extracting(f -> f.get("key").textValue())
                .containsExactly("name", "sku", "notes", "qty", "price", "active", "kind", "due");
        JsonNode name = fields.get(0);
        assertThat(name.get("type").textValue()).isEqualTo("text");
        assertThat(name.get("required").booleanValue()).isTrue();
        assertThat(name.get("max").intValue()).isEqualTo(200);
        assertThat(fields.get(1).get("unique").booleanValue()).isTrue();
        JsonNode qty = fields.get(3);
        assertThat(qty.get("min").intValue()).isEqualTo(0);
        assertThat(qty.get("delta").booleanValue()).isTrue();
        assertThat(fields.get(6).get("choices")).extracting(JsonNode::textValue).containsExactly("bolt", "nut");
    }

    @Test
    void records_are_paged_by_the_next_link_whole_and_in_the_lists_order() {
        parts("page-a");
        JsonClient alice = api("alice");
        for (int i = 1; i <= 53; i++) {
            create(alice, "page-a", j("{'name': 'Part " + i + "', 'qty': " + (100 - i) + ", 'notes': 'long\\ntext " + i + "'}"));
        }

        JsonClient.Answer first = alice.get("/api/v1/collections/page-a/records?sort=qty");
        JsonNode page = first.json();
        assertThat(page.get("records")).hasSize(50);
        assertThat(page.get("records").get(0).get("values").get("qty").intValue()).isEqualTo(47);
        // Whole records: the long text too, which the list page never shows.
        assertThat(page.get("records").get(0).get("values").get("notes").textValue()).isEqualTo("long\ntext 53");
        String next = page.get("next").textValue();
        assertThat(next).startsWith("/api/v1/collections/page-a/records?sort=qty&after=");
        assertThat(first.header("Link")).isEqualTo("<" + next + ">; rel=\"next\"");
        JsonNode rest = alice.get(next).json();
        assertThat(rest.get("records")).extracting(r -> r.get("values").get("qty").intValue()).containsExactly(97, 98, 99);
        assertThat(rest.get("next").isNull()).isTrue();
    }

    @Test
    void a_script_sets_the_page_size_with_limit_and_the_next_link_keeps_it() {
        parts("limit-a");
        JsonClient alice = api("alice");
        for (int i = 1; i <= 5; i++) {
            create(alice, "limit-a", j("{'name': 'Part " + i + "', 'qty': " + i + "}"));
        }

        JsonNode first = alice.get("/api/v1/collections/limit-a/records?sort=-qty&limit=2").json();
        JsonNode second = alice.get(first.get("next").textValue()).json();
        JsonNode third = alice.get(second.get("next").textValue()).json();

        assertThat(first.get("records")).extracting(r -> r.get("values").get("qty").intValue()).containsExactly(5, 4);
        assertThat(first.get("next").textValue()).contains("limit=2");
        assertThat(second.get("records")).extracting(r -> r.get("values").get("qty").intValue()).containsExactly(3, 2);
        assertThat(third.get("records")).extracting(r -> r.get("values").get("qty").intValue()).containsExactly(1);
        assertThat(third.get("next").isNull()).isTrue();
        for (String limit : List.of("0", "501", "-1", "ten", "2&limit=3")) {
            JsonClient.Answer bad = alice.get("/api/v1/collections/limit-a/records?limit=" + limit);
            assertThat(bad.status()).as(limit).isEqualTo(400);
            assertThat(bad.json().get("error").textValue()).as(limit).contains("'limit'");
        }
        assertThat(alice.get("/api/v1/collections/limit-a/records?limit=500").json().get("records")).hasSize(5);
    }

    @Test
    void records_are_searched_and_filtered_as_the_list_page_does_it() {
        parts("filter-a");
        JsonClient alice = api("alice");
        create(alice, "filter-a", j("{'name': 'Hex bolt', 'kind': 'bolt', 'due': '2027-01-10'}"));
        create(alice, "filter-a", j("{'name': 'Hex nut', 'kind': 'nut', 'due': '2027-02-10'}"));
        create(alice, "filter-a", j("{'name': 'Wing nut', 'kind': 'nut', 'due': '2027-03-10'}"));

        assertThat(names(alice, "q=hex")).containsExactly("Hex bolt", "Hex nut");
        assertThat(names(alice, "kind=nut")).containsExactly("Hex nut", "Wing nut");
        assertThat(names(alice, "due=2027-02-01..&sort=-name")).containsExactly("Wing nut", "Hex nut");
        JsonClient.Answer bad = alice.get("/api/v1/collections/filter-a/records?sort=colour");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").textValue()).contains("cannot be sorted by 'colour'");
        assertThat(alice.get("/api/v1/collections/filter-a/records?kind=screw").status()).isEqualTo(400);
    }

    @Test
    void a_write_to_a_record_another_user_holds_in_an_exclusive_collection_answers_423_naming_the_holder() {
        parts("lease-a", false, new Leasing(true, 10));
        JsonClient alice = api("alice");
        long id = create(alice, "lease-a", j("{'name': 'Leased'}")).get("id").asLong();
        User bob = components.users().authenticate("bob", TestApp.DEMO_PASSWORD).orElseThrow();
        components.leases().take(id, new Leasing(true, 10), bob, Sessions.open(app.database().dsl(), bob.id(), "bobs-session"));

        JsonClient.Answer refused = alice.patch("/api/v1/records/" + id, j("{'values': {'name': 'Mine'}}"), "If-Match", "\"1\"");

        assertThat(refused.status()).as(refused.body()).isEqualTo(423);
        assertThat(refused.json().get("lease").get("holder").textValue()).isEqualTo("Bob");
        assertThat(refused.json().get("error").textValue()).startsWith("Bob is editing this record");
        assertThat(alice.get("/api/v1/records/" + id).json().get("version").intValue()).isEqualTo(1);
        assertThat(api("bob").patch("/api/v1/records/" + id, j("{'values': {'name': 'His'}}"), "If-Match", "\"1\"")
                .status()).isEqualTo(200);
    }

    @Test
    void a_delete_by_the_holder_of_an_exclusive_collections_lease_ends_it() {
        parts("lease-d", false, new Leasing(true, 10));
        long id = create(api("alice"), "lease-d", j("{'name': 'Gone soon'}")).get("id").asLong();
        User bob = components.users().authenticate("bob", TestApp.DEMO_PASSWORD).orElseThrow();
        // Bob's edit form is open in his browser; he deletes the record through the API.
        components.leases().take(id, new Leasing(true, 10), bob, Sessions.open(app.database().dsl(), bob.id(), "bobs-session"));

        JsonClient.Answer deleted = api("bob").delete("/api/v1/records/" + id, "If-Match", "\"1\"");

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(components.leases().holder(id)).as("nothing left to block the record once restored").isEmpty();
    }

    @Test
    void a_create_in_an_unknown_collection_answers_404() {
        JsonClient.Answer answer = api("alice").post("/api/v1/collections/nowhere/records", j("{'values': {}}"));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("status").intValue()).isEqualTo(404);
    }

    private static List<String> names(JsonClient client, String query) {
        List<String> names = new ArrayList<>();
        client.get("/api/v1/collections/filter-a/records?" + query).json().get("records")
                .forEach(r -> names.add(r.get("values").get("name").textValue()));
        return names;
    }
}
