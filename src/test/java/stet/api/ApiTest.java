package stet.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import stet.Components;
import stet.auth.TokenScope;
import stet.auth.User;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.schema.Leasing;
import stet.support.ApiClient;
import stet.support.TestApp;
import stet.support.WebTest;

/**
 * Base of the API's integration tests: stet over a fresh database, clients for the demo
 * users, and a small fixture builder for collections and records of a test's own.
 */
abstract class ApiTest extends WebTest {

    static Components components;
    static User admin;

    @BeforeAll
    static void parts() {
        components = Components.build(app.database());
        admin = components.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
    }

    /** A client with a new write token of {@code user} (a demo user, or the admin). */
    static JsonClient api(String user) {
        return new JsonClient(ApiClient.as(app, user, TokenScope.WRITE));
    }

    /** A client without credentials. */
    static JsonClient anonymous() {
        return new JsonClient(new ApiClient(app.port(), null));
    }

    /** JSON written with single quotes, for short bodies in tests: {@code j("{'a': 1}")}. */
    static String j(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** A collection of parts: every field type, a unique SKU, a delta quantity. */
    static Collection parts(String slug) {
        return parts(slug, false, Leasing.DEFAULT);
    }

    static Collection parts(String slug, boolean confirmMerges, Leasing leasing) {
        return components.collections().create(slug, "Parts " + slug, List.of(
                new FieldDef("name", "Name", FieldType.TEXT, true, false, null, "200", false, List.of()),
                new FieldDef("sku", "SKU", FieldType.TEXT, false, true, null, null, false, List.of()),
                new FieldDef("notes", "Notes", FieldType.LONGTEXT, false, false, null, null, false, List.of()),
                new FieldDef("qty", "Quantity", FieldType.INTEGER, false, false, "0", null, true, List.of()),
                new FieldDef("price", "Price", FieldType.NUMBER, false, false, "0", null, false, List.of()),
                new FieldDef("active", "Active", FieldType.BOOLEAN, false, false, null, null, false, List.of()),
                new FieldDef("kind", "Kind", FieldType.CHOICE, false, false, null, null, false, List.of("bolt", "nut")),
                new FieldDef("due", "Due", FieldType.DATE, false, false, null, null, false, List.of())),
                confirmMerges, leasing, admin);
    }

    /** Creates a record through the API and returns its answer's body. */
    static JsonNode create(JsonClient client, String slug, String valuesJson) {
        JsonClient.Answer created = client.post("/api/v1/collections/" + slug + "/records", j("{'values': " + valuesJson + "}"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    /** A new collection of parts ({@link #parts(String)}) with one record made by {@code client}: its id. */
    static long newRecord(JsonClient client, String slug, String valuesJson) {
        parts(slug);
        return create(client, slug, valuesJson).get("id").asLong();
    }
}
