package stet.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import stet.auth.TokenScope;
import stet.schema.Collection;
import stet.schema.CollectionForm;
import stet.schema.CollectionService;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.ApiClient;
import stet.support.RawHttp;

/** Records through the JSON API: typed values both ways, the statuses of every outcome, ETags and preconditions. */
class RecordApiIT extends ApiTest {

    @Test
    void a_created_record_answers_201_with_its_location_etag_and_typed_values() {
        parts("create-a");
        JsonClient alice = api("alice");

        JsonClient.Answer created = alice.post("/api/v1/collections/create-a/records", j("{'values': {'name': 'Bolt',"
                + " 'sku': 'B-1', 'notes': 'one\\ntwo', 'qty': 12, 'price': 10.50, 'active': true, 'kind': 'bolt',"
                + " 'due': '2027-01-31'}, 'comment': 'first'}"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode body = created.json();
        long id = body.get("id").asLong();
        assertThat(created.header("Location")).isEqualTo("/api/v1/records/" + id);
        assertThat(created.etag()).isEqualTo("\"1\"");
        JsonNode values = body.get("values");
        assertThat(values.get("qty").isIntegralNumber()).isTrue();
        assertThat(values.get("qty").longValue()).isEqualTo(12);
        assertThat(values.get("price").decimalValue()).isEqualTo(new BigDecimal("10.5"));
        assertThat(values.get("active").isBoolean()).isTrue();
        assertThat(values.get("due").textValue()).isEqualTo("2027-01-31");
        assertThat(values.get("notes").textValue()).isEqualTo("one\ntwo");
        assertThat(body.get("collection").textValue()).isEqualTo("create-a");
        assertThat(body.get("version").intValue()).isEqualTo(1);
        JsonNode fetched = alice.get("/api/v1/records/" + id).json();
        assertThat(fetched).isEqualTo(body);
    }

    @Test
    void decimals_keep_every_digit_both_ways() {
        parts("exact-a");
        JsonClient alice = api("alice");

        JsonNode body = create(alice, "exact-a", j("{'name': 'Exact', 'price': 12345678901234567890.123456789012345678}"));

        assertThat(alice.get("/api/v1/records/" + body.get("id")).body())
                .contains("\"price\":12345678901234567890.123456789012345678");
    }

    @Test
    void empty_optional_fields_are_null() {
        parts("nulls-a");
        JsonNode body = create(api("alice"), "nulls-a", j("{'name': 'Bare'}"));

        JsonNode values = body.get("values");
        assertThat(values.get("sku").isNull()).isTrue();
        assertThat(values.get("price").isNull()).isTrue();
        assertThat(values.get("due").isNull()).isTrue();
        assertThat(values.get("active").booleanValue()).isFalse();
    }

    @Test
    void the_same_idempotency_key_again_gives_the_same_record() {
        parts("idem-a");
        JsonClient alice = api("alice");
        String body = j("{'values': {'name': 'Once'}}");

        JsonClient.Answer first = alice.post("/api/v1/collections/idem-a/records", body, "Idempotency-Key", "key-1");
        JsonClient.Answer again = alice.post("/api/v1/collections/idem-a/records", body, "Idempotency-Key", "key-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(alice.get("/api/v1/collections/idem-a/records").json().get("records")).hasSize(1);
    }

    @Test
    void an_idempotency_key_too_long_is_refused_naming_the_header_and_creates_nothing() {
        parts("idem-long");
        JsonClient alice = api("alice");

        JsonClient.Answer refused = alice.post("/api/v1/collections/idem-long/records", j("{'values': {'name': 'Long'}}"),
                "Idempotency-Key", "k".repeat(101));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("error").textValue()).contains("Idempotency-Key").contains("100 characters")
                .doesNotContain("idempotency_key");
        assertThat(alice.get("/api/v1/collections/idem-long/records").json().get("records")).isEmpty();
    }

    @Test
    void an_idempotency_key_that_created_a_record_in_another_collection_is_refused_with_422_and_creates_nothing() {
        parts("idem-b");
        parts("idem-c");
        JsonClient alice = api("alice");
        JsonClient.Answer first = alice.post("/api/v1/collections/idem-b/records", j("{'values': {'name': 'In B'}}"),
                "Idempotency-Key", "row-1");

        JsonClient.Answer elsewhere = alice.post("/api/v1/collections/idem-c/records", j("{'values': {'name': 'In C'}}"),
                "Idempotency-Key", "row-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(422);
        assertThat(elsewhere.header("Idempotent-Replayed")).isNull();
        assertThat(elsewhere.header("Location")).isNull();
        assertThat(elsewhere.json().get("error").textValue()).isEqualTo("The Idempotency-Key 'row-1' already created record "
                + first.json().get("id") + " in another collection (idem-b); a key belongs to one record. Nothing was"
                + " created: send a new key.");
        assertThat(alice.get("/api/v1/collections/idem-c/records").json().get("records")).isEmpty();
        // In its own collection the key still gives its record; keys are per user.
        JsonClient.Answer again = alice.post("/api/v1/collections/idem-b/records", j("{'values': {'name': 'In B'}}"),
                "Idempotency-Key", "row-1");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(api("bob").post("/api/v1/collections/idem-c/records", j("{'values': {'name': 'Bob in C'}}"),
                "Idempotency-Key", "row-1").status()).isEqualTo(201);
    }

    @Test
    void a_replayed_create_answers_with_the_record_as_its_own_definition_shows_it() {
        Collection parts = parts("idem-d");
        JsonClient alice = api("alice");
        JsonClient.Answer first = alice.post("/api/v1/collections/idem-d/records", j("{'values': {'name': 'Defined'}}"),
                "Idempotency-Key", "row-d");
        List<FieldDef> more = new ArrayList<>(parts.fields());
        more.add(new FieldDef("colour", "Colour", FieldType.TEXT, false, false, null, null, false, List.of()));
        redefine(parts, more);

        JsonClient.Answer again = alice.post("/api/v1/collections/idem-d/records", j("{'values': {'name': 'Defined'}}"),
                "Idempotency-Key", "row-d");

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json()).isEqualTo(alice.get(first.header("Location")).json());
    }

    @Test
    void unknown_fields_wrong_types_and_invalid_values_answer_422_with_a_message_per_field() {
        parts("invalid-a");

        JsonClient.Answer answer = api("alice").post("/api/v1/collections/invalid-a/records", j("{'values': {"
                + "'name': '', 'colour': 'red', 'qty': '12', 'price': -1, 'active': 'yes', 'kind': 'screw',"
                + " 'due': '2027-02-30'}, 'extra': 1}"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        JsonNode fields = answer.json().get("fields");
        assertThat(answer.json().get("status").intValue()).isEqualTo(422);
        assertThat(fields.get("colour").textValue()).contains("Unknown field");
        assertThat(fields.get("qty").textValue()).contains("JSON number");
        assertThat(fields.get("active").textValue()).isEqualTo("Must be true or false.");
        assertThat(fields.get("extra").textValue()).contains("Unknown member");
        // Type errors come first; once the types are right, the values are validated as a form's are.
        JsonClient.Answer values = api("alice").post("/api/v1/collections/invalid-a/records", j("{'values': {"
                + "'name': '', 'price': -1, 'kind': 'screw', 'due': '2027-02-30'}}"));
        assertThat(values.status()).isEqualTo(422);
        JsonNode messages = values.json().get("fields");
        assertThat(messages.get("name").textValue()).isEqualTo("Required.");
        assertThat(messages.get("price").textValue()).isEqualTo("Must be at least 0.");
        assertThat(messages.get("kind").textValue()).isEqualTo("Choose one of: bolt, nut.");
        assertThat(messages.get("due").textValue()).isEqualTo("Must be a date as YYYY-MM-DD.");
        assertThat(api("alice").get("/api/v1/collections/invalid-a/records").json().get("records")).isEmpty();
    }

    @Test
    void a_unique_value_taken_answers_422_with_the_fields_message() {
        parts("unique-a");
        JsonClient alice = api("alice");
        create(alice, "unique-a", j("{'name': 'One', 'sku': 'U-1'}"));
        JsonNode two = create(alice, "unique-a", j("{'name': 'Two', 'sku': 'U-2'}"));

        JsonClient.Answer taken = alice.post("/api/v1/collections/unique-a/records", j("{'values': {'name': 'Three', 'sku': 'U-1'}}"));
        JsonClient.Answer patched = alice.patch("/api/v1/records/" + two.get("id"), j("{'values': {'sku': 'U-1'}}"),
                "If-Match", "\"1\"");

        assertThat(taken.status()).isEqualTo(422);
        assertThat(taken.json().get("fields").get("sku").textValue()).contains("U-1");
        assertThat(patched.status()).isEqualTo(422);
        assertThat(patched.json().get("fields").get("sku").textValue()).contains("U-1");
    }

    @Test
    void malformed_json_answers_400_and_another_media_type_415_both_as_json() {
        parts("malformed-a");
        JsonClient alice = api("alice");

        JsonClient.Answer malformed = alice.post("/api/v1/collections/malformed-a/records", "{\"values\": {\"name\": ");
        JsonClient.Answer duplicate = alice.post("/api/v1/collections/malformed-a/records",
                j("{'values': {'name': 'a'}, 'values': {}}"));
        JsonClient.Answer text = alice.post("/api/v1/collections/malformed-a/records", "name=x", "Content-Type", "text/plain");
        JsonClient.Answer form = alice.post("/api/v1/collections/malformed-a/records", "name=x%",
                "Content-Type", "application/x-www-form-urlencoded");

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error").textValue()).contains("not well-formed JSON");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.json().get("status").intValue()).isEqualTo(415);
        assertThat(form.status()).isIn(400, 415);
        assertThat(form.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void a_number_whose_exponent_no_decimal_can_hold_answers_400_on_every_write_and_changes_nothing() {
        JsonClient alice = api("alice");
        long id = newRecord(alice, "exponent-a", j("{'name': 'Kept', 'price': 1}"));
        String records = "/api/v1/collections/exponent-a/records";
        String record = "/api/v1/records/" + id;

        List<JsonClient.Answer> answers = new ArrayList<>();
        for (String number : List.of("1e-2147483649", "1e2147483648", "-1E+9999999999")) {
            answers.add(alice.post(records, j("{'values': {'name': 'New', 'price': ") + number + "}}"));
            answers.add(alice.post(records, j("{'values': {'name': 'New'}, 'extra': ") + number + "}"));
            answers.add(alice.put(record, j("{'values': {'name': 'Put', 'price': ") + number + "}}", "If-Match", "\"1\""));
            answers.add(alice.patch(record, j("{'values': {'nope': ") + number + "}}", "If-Match", "\"1\""));
        }

        for (JsonClient.Answer answer : answers) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.json().get("error").textValue()).contains("number").contains("Nothing was changed");
        }
        assertThat(alice.get(records).json().get("records")).hasSize(1);
        assertThat(alice.get(record).json().get("version").intValue()).isEqualTo(1);
    }

    @Test
    void a_number_too_long_to_store_is_refused_with_422_for_its_field_never_written_out() {
        JsonClient alice = api("alice");
        long id = newRecord(alice, "long-number-a", j("{'name': 'Kept', 'price': 1}"));

        for (String number : List.of("1e10000", "1e-10000", "1e31", "1e-31", "123456789012345678901234567890123")) {
            JsonClient.Answer created = alice.post("/api/v1/collections/long-number-a/records",
                    j("{'values': {'name': 'New', 'price': ") + number + "}}");
            JsonClient.Answer patched = alice.patch("/api/v1/records/" + id, j("{'values': {'price': ") + number + "}}",
                    "If-Match", "\"1\"");
            for (JsonClient.Answer answer : List.of(created, patched)) {
                assertThat(answer.status()).as(number + ": " + answer.body()).isEqualTo(422);
                assertThat(answer.json().get("fields").get("price").textValue()).as(number).isNotEmpty();
                assertThat(answer.body().length()).as(number).isLessThan(1_000);
            }
        }
        assertThat(alice.get("/api/v1/collections/long-number-a/records").json().get("records")).hasSize(1);
        assertThat(alice.get("/api/v1/records/" + id).json().get("version").intValue()).isEqualTo(1);
    }

    @Test
    void a_text_kept_under_a_key_that_became_a_number_field_is_read_as_that_text() {
        FieldDef name = new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of());
        Collection codes = components.collections().create("retyped-a", "Retyped", List.of(name,
                new FieldDef("code", "Code", FieldType.TEXT, false, false, null, null, false, List.of())), false, admin);
        JsonClient alice = api("alice");
        long id = create(alice, "retyped-a", j("{'name': 'Old', 'code': '1e10000'}")).get("id").asLong();
        // Removed, then added back as a number: the record still holds the text (kept for the history).
        redefine(redefine(codes, List.of(name)), List.of(name,
                new FieldDef("code", "Code", FieldType.NUMBER, false, false, null, null, false, List.of())));

        JsonClient.Answer read = alice.get("/api/v1/records/" + id);

        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("values").get("code").textValue()).isEqualTo("1e10000");
    }

    private static Collection redefine(Collection current, List<FieldDef> fields) {
        CollectionService.Outcome outcome = components.collections().update(current.slug(), current.version(),
                components.collections().versionToken(current.id(), current.version(), admin),
                CollectionForm.of(current.name(), current.slug(), false, fields, 0), admin);
        assertThat(outcome).isInstanceOf(CollectionService.Outcome.Saved.class);
        return components.collections().get(current.slug());
    }

    @Test
    void a_json_body_is_no_form_so_a_percent_sign_in_it_is_just_a_character() {
        parts("percent-a");

        JsonNode created = create(api("alice"), "percent-a", j("{'name': '50% off %zz', 'notes': 'a&b=c'}"));

        assertThat(created.get("values").get("name").textValue()).isEqualTo("50% off %zz");
        assertThat(created.get("values").get("notes").textValue()).isEqualTo("a&b=c");
    }

    @Test
    void a_body_over_the_size_limit_answers_413_as_json_and_changes_nothing() {
        JsonClient alice = api("alice");
        long id = newRecord(alice, "large-a", j("{'name': 'Small'}"));
        String huge = j("{'values': {'name': 'Big', 'notes': '") + "x".repeat(5 * 1024 * 1024) + "\"}}";

        JsonClient.Answer put = alice.put("/api/v1/records/" + id, huge, "If-Match", "\"1\"");

        assertThat(put.status()).isEqualTo(413);
        assertThat(put.json().get("status").intValue()).isEqualTo(413);
        assertThat(alice.get("/api/v1/records/" + id).json().get("version").intValue()).isEqualTo(1);
    }

    @Test
    void a_comments_limit_counts_characters_as_the_fields_limits_do() {
        // 260 characters outside the BMP are 520 UTF-16 units: the limit of 500 is of characters.
        JsonClient alice = api("alice");
        long id = newRecord(alice, "comment-chars-a", j("{'name': 'Counted'}"));
        String path = "/api/v1/records/" + id;

        JsonClient.Answer astral = alice.patch(path, j("{'values': {'name': 'Counted 2'}, 'comment': '"
                + "\uD835\uDD18".repeat(260) + "'}"), "If-Match", "\"1\"");
        JsonClient.Answer tooLong = alice.patch(path, j("{'values': {'name': 'Counted 3'}, 'comment': '"
                + "\uD835\uDD18".repeat(501) + "'}"), "If-Match", "\"2\"");

        assertThat(astral.status()).as(astral.body()).isEqualTo(200);
        assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(422);
        assertThat(tooLong.json().get("fields").get("comment").textValue()).isEqualTo("At most 500 characters.");
        assertThat(alice.get(path).json().get("version").intValue()).isEqualTo(2);
    }

    @Test
    void a_record_answers_with_its_etag_and_304_while_the_client_has_it() {
        JsonClient alice = api("alice");
        long id = newRecord(alice, "etag-a", j("{'name': 'Tagged'}"));

        JsonClient.Answer notModified = alice.get("/api/v1/records/" + id, "If-None-Match", "\"1\"");
        JsonClient.Answer weak = alice.get("/api/v1/records/" + id, "If-None-Match", "W/\"1\"");
        JsonClient.Answer other = alice.get("/api/v1/records/" + id, "If-None-Match", "\"7\"");

        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.etag()).isEqualTo("\"1\"");
        assertThat(notModified.body()).isEmpty();
        // An empty 304 has no body, so no type: api.md's "every answer is JSON" is of answers that have one.
        assertThat(notModified.header("Content-Type")).isNull();
        assertThat(weak.status()).isEqualTo(304);
        assertThat(other.status()).isEqualTo(200);
    }

    @Test
    void without_a_valid_token_the_api_answers_401_and_a_read_token_may_read_but_not_write_403() {
        JsonClient alice = api("alice");
        long id = newRecord(alice, "auth-a", j("{'name': 'Guarded'}"));
        JsonClient reader = new JsonClient(ApiClient.as(app, "alice", TokenScope.READ));

        JsonClient.Answer anonymous = anonymous().get("/api/v1/records/" + id);
        JsonClient.Answer forged = new JsonClient(new ApiClient(app.port(), "stet_not-a-token")).get("/api/v1/collections");
        JsonClient.Answer read = reader.get("/api/v1/records/" + id);
        JsonClient.Answer write = reader.patch("/api/v1/records/" + id, j("{'values': {'name': 'Taken'}}"), "If-Match", "\"1\"");

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("status").intValue()).isEqualTo(401);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(read.status()).isEqualTo(200);
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().get("status").intValue()).isEqualTo(403);
        assertThat(alice.get("/api/v1/records/" + id).json().get("values").get("name").textValue()).isEqualTo("Guarded");
    }

    @Test
    void an_unknown_record_or_collection_answers_404_as_json() {
        JsonClient alice = api("alice");

        assertThat(alice.get("/api/v1/records/999999").status()).isEqualTo(404);
        assertThat(alice.get("/api/v1/records/999999").json().get("status").intValue()).isEqualTo(404);
        assertThat(alice.get("/api/v1/records/abc").status()).isEqualTo(404);
        assertThat(alice.get("/api/v1/collections/nope").status()).isEqualTo(404);
        assertThat(alice.put("/api/v1/records/999999", j("{'values': {}}"), "If-Match", "\"1\"").status()).isEqualTo(404);
    }

    @Test
    void a_method_an_address_does_not_answer_is_405_naming_those_it_does_and_an_unknown_address_stays_404() {
        JsonClient alice = api("alice");

        JsonClient.Answer deleteList = alice.delete("/api/v1/collections");
        JsonClient.Answer putRecords = alice.put("/api/v1/collections/inventory/records", j("{'values': {}}"));

        assertThat(deleteList.status()).as(deleteList.body()).isEqualTo(405);
        assertThat(deleteList.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(deleteList.json().get("error").textValue()).isEqualTo("/api/v1/collections answers GET, HEAD, not DELETE.");
        assertThat(putRecords.status()).isEqualTo(405);
        assertThat(putRecords.header("Allow")).isEqualTo("GET, POST, HEAD");
        assertThat(alice.delete("/api/v1/nothing-here").status()).isEqualTo(404);
    }

    @Test
    void a_body_that_is_not_utf_8_is_refused_and_one_that_starts_with_a_byte_order_mark_is_read() {
        parts("encoding-a");
        RawHttp script = new RawHttp(app.port()).bearer(ApiClient.secretFor(app, "alice", TokenScope.WRITE));
        byte[] latin1 = j("{'values': {'name': 'Caf\u00e9 in Latin-1'}}").getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8 = j("{'values': {'name': 'Caf\u00e9 after a BOM'}}").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);

        RawHttp.Answer refused = script.send("POST", "/api/v1/collections/encoding-a/records", "application/json", latin1);
        RawHttp.Answer read = script.send("POST", "/api/v1/collections/encoding-a/records", "application/json", withBom);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("not UTF-8");
        assertThat(read.status()).as(read.body()).isEqualTo(201);
        assertThat(read.body()).contains("Caf\u00e9 after a BOM");
        JsonNode listed = api("alice").get("/api/v1/collections/encoding-a/records").json().get("records");
        assertThat(listed).extracting(r -> r.get("values").get("name").textValue()).containsExactly("Caf\u00e9 after a BOM");
    }

    @Test
    void a_body_of_only_white_space_or_a_byte_order_mark_answers_400_as_an_empty_body_does() {
        JsonClient alice = api("alice");
        long id = newRecord(alice, "blank-a", j("{'name': 'Kept'}"));

        List<JsonClient.Answer> answers = new ArrayList<>();
        for (String body : List.of("", " ", " \r\n\t ", "\uFEFF", "\uFEFF \n")) {
            answers.add(alice.post("/api/v1/collections/blank-a/records", body));
            answers.add(alice.put("/api/v1/records/" + id, body, "If-Match", "\"1\""));
            answers.add(alice.patch("/api/v1/records/" + id, body, "If-Match", "\"1\""));
        }

        for (JsonClient.Answer answer : answers) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.json().get("error").textValue()).contains("send a JSON object");
        }
        assertThat(alice.get("/api/v1/collections/blank-a/records").json().get("records")).hasSize(1);
        assertThat(alice.get("/api/v1/records/" + id).json().get("version").intValue()).isEqualTo(1);
    }

    @Test
    void json_whose_charset_is_named_utf8_by_its_common_alias_is_read_as_the_forms_are() {
        parts("alias-a");
        JsonClient alice = api("alice");

        for (String charset : List.of("utf8", "UTF8", "\"utf-8\"", "UTF-8")) {
            JsonClient.Answer created = alice.post("/api/v1/collections/alias-a/records",
                    j("{'values': {'name': 'Caf\u00e9 ") + charset.replace("\"", "") + "\"}}",
                    "Content-Type", "application/json; charset=" + charset);
            assertThat(created.status()).as(charset + ": " + created.body()).isEqualTo(201);
        }
        JsonClient.Answer latin1 = alice.post("/api/v1/collections/alias-a/records", j("{'values': {'name': 'x'}}"),
                "Content-Type", "application/json; charset=iso-8859-1");
        assertThat(latin1.status()).isEqualTo(415);
        assertThat(alice.get("/api/v1/collections/alias-a/records").json().get("records")).hasSize(4);
    }

    @Test
    void writes_without_if_match_answer_428_and_change_nothing() {
        JsonClient alice = api("alice");
        long id = newRecord(alice, "nomatch-a", j("{'name': 'Kept'}"));

        JsonClient.Answer put = alice.put("/api/v1/records/" + id, j("{'values': {'name': 'Lost'}}"));
        JsonClient.Answer patch = alice.patch("/api/v1/records/" + id, j("{'values': {'name': 'Lost'}}"));
        JsonClient.Answer star = alice.patch("/api/v1/records/" + id, j("{'values': {'name': 'Lost'}}"), "If-Match", "*");
        JsonClient.Answer delete = alice.delete("/api/v1/records/" + id);

        assertThat(List.of(put.status(), patch.status(), star.status(), delete.status())).containsOnly(428);
        assertThat(put.json().get("error").textValue()).contains("If-Match");
        JsonNode now = alice.get("/api/v1/records/" + id).json();
        assertThat(now.get("version").intValue()).isEqualTo(1);
        assertThat(now.get("values").get("name").textValue()).isEqualTo("Kept");
    }

    @Test
    void a_put_replaces_every_value_and_answers_the_new_version() {
        JsonClient alice = api("alice");
        long id = newRecord(alice, "put-a", j("{'name': 'Old', 'sku': 'P-1', 'qty': 3}"));

        JsonClient.Answer put = alice.put("/api/v1/records/" + id, j("{'values': {'name': 'New', 'price': 2.25}}"),
                "If-Match", "\"1\"");

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.etag()).isEqualTo("\"2\"");
        JsonNode values = put.json().get("values");
        assertThat(values.get("name").textValue()).isEqualTo("New");
        assertThat(values.get("sku").isNull()).isTrue();
        assertThat(values.get("qty").isNull()).isTrue();
        assertThat(values.get("price").decimalValue()).isEqualTo(new BigDecimal("2.25"));
        assertThat(put.header("Preference-Applied")).isNull();
        assertThat(put.json().has("merge")).isFalse();
    }

    @Test
    void a_record_fetched_edited_and_sent_back_is_a_valid_put() {
        JsonClient alice = api("alice");
        long id = newRecord(alice, "roundtrip-a", j("{'name': 'Round', 'price': 1.5, 'due': '2027-03-01'}"));
        JsonClient.Answer fetched = alice.get("/api/v1/records/" + id);
        String edited = fetched.body().replace("\"Round\"", "\"Trip\"");

        JsonClient.Answer put = alice.put("/api/v1/records/" + id, edited, "If-Match", fetched.etag());

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("values").get("name").textValue()).isEqualTo("Trip");
        assertThat(put.json().get("values").get("price").decimalValue()).isEqualTo(new BigDecimal("1.5"));
    }

    @Test
    void a_patch_sets_the_fields_it_names_and_null_empties_one() {
        JsonClient alice = api("alice");
        long id = newRecord(alice, "patch-a", j("{'name': 'Nut', 'sku': 'N-1', 'qty': 5}"));

        JsonClient.Answer patch = alice.patch("/api/v1/records/" + id, j("{'values': {'qty': 6, 'sku': null}}"),
                "If-Match", "\"1\"");

        assertThat(patch.status()).as(patch.body()).isEqualTo(200);
        JsonNode values = patch.json().get("values");
        assertThat(values.get("name").textValue()).isEqualTo("Nut");
        assertThat(values.get("qty").intValue()).isEqualTo(6);
        assertThat(values.get("sku").isNull()).isTrue();
        assertThat(patch.etag()).isEqualTo("\"2\"");
        // application/json is read as a merge patch too.
        JsonClient.Answer plain = alice.patch("/api/v1/records/" + id, j("{'values': {'qty': 7}}"), "If-Match", "\"2\"",
                "Content-Type", "application/json");
        assertThat(plain.status()).isEqualTo(200);
    }

    @Test
    void text_postgresql_cannot_hold_answers_with_a_message_and_changes_nothing() {
        // JSON's escapes can spell a NUL or half of a UTF-16 pair, which PostgreSQL cannot store: the
        // driver stored a '?' for the half, and the NUL in a comment failed the write with a 500.
        JsonClient alice = api("alice");
        long id = newRecord(alice, "unstorable-a", j("{'name': 'Washer'}"));
        String path = "/api/v1/records/" + id;

        JsonClient.Answer halfValue = alice.patch(path, j("{'values': {'name': 'Wash\\ud800er'}}"), "If-Match", "\"1\"");
        JsonClient.Answer nulComment = alice.patch(path, j("{'values': {'name': 'Washer 2'}, 'comment': 'a\\u0000b'}"),
                "If-Match", "\"1\"");
        JsonClient.Answer halfComment = alice.patch(path, j("{'values': {'name': 'Washer 2'}, 'comment': '\\udc00'}"),
                "If-Match", "\"1\"");
        JsonClient.Answer createdWithNul = alice.post("/api/v1/collections/unstorable-a/records",
                j("{'values': {'name': 'Nut'}, 'comment': 'x\\u0000'}"));

        assertThat(halfValue.status()).as(halfValue.body()).isEqualTo(422);
        assertThat(halfValue.json().get("fields").get("name").textValue()).startsWith("Contains half of a character");
        assertThat(nulComment.status()).as(nulComment.body()).isEqualTo(422);
        assertThat(nulComment.json().get("fields").get("comment").textValue()).startsWith("Contains a NUL character");
        assertThat(halfComment.status()).as(halfComment.body()).isEqualTo(422);
        assertThat(halfComment.json().get("fields").get("comment").textValue()).startsWith("Contains half of a character");
        assertThat(createdWithNul.status()).as(createdWithNul.body()).isEqualTo(422);
        assertThat(createdWithNul.json().get("fields").get("comment").textValue()).startsWith("Contains a NUL character");
        JsonNode now = alice.get(path).json();
        assertThat(now.get("version").intValue()).isEqualTo(1);
        assertThat(now.get("values").get("name").textValue()).isEqualTo("Washer");
        assertThat(alice.get("/api/v1/collections/unstorable-a/records").json().get("records")).hasSize(1);
    }

    @Test
    void a_stale_write_answers_412_with_the_current_record_and_changes_nothing() {
        JsonClient alice = api("alice");
        JsonClient bob = api("bob");
        long id = newRecord(alice, "stale-a", j("{'name': 'Washer', 'qty': 1}"));
        assertThat(bob.patch("/api/v1/records/" + id, j("{'values': {'qty': 2}}"), "If-Match", "\"1\"").status())
                .isEqualTo(200);

        JsonClient.Answer put = alice.put("/api/v1/records/" + id, j("{'values': {'name': 'Mine'}}"), "If-Match", "\"1\"");
        JsonClient.Answer patch = alice.patch("/api/v1/records/" + id, j("{'values': {'name': 'Mine'}}"), "If-Match", "\"1\"");
        JsonClient.Answer delete = alice.delete("/api/v1/records/" + id, "If-Match", "\"1\"");
        JsonClient.Answer future = alice.patch("/api/v1/records/" + id, j("{'values': {'name': 'Mine'}}"), "If-Match", "\"9\"",
                "Prefer", "merge");

        for (JsonClient.Answer answer : List.of(put, patch, delete, future)) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(412);
            assertThat(answer.etag()).isEqualTo("\"2\"");
            assertThat(answer.json().get("record").get("values").get("qty").intValue()).isEqualTo(2);
        }
        JsonNode now = alice.get("/api/v1/records/" + id).json();
        assertThat(now.get("version").intValue()).isEqualTo(2);
        assertThat(now.get("values").get("name").textValue()).isEqualTo("Washer");
    }

    @Test
    void a_write_sent_again_with_its_idempotency_key_is_applied_once() {
        JsonClient alice = api("alice");
        JsonClient bob = api("bob");
        long id = newRecord(alice, "retry-a", j("{'name': 'Washer', 'qty': 10}"));
        bob.patch("/api/v1/records/" + id, j("{'values': {'qty': 12}}"), "If-Match", "\"1\"");

        // A script's merged decrement, its answer lost, sent again: one decrement, not two.
        List<JsonClient.Answer> sent = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sent.add(alice.patch("/api/v1/records/" + id, j("{'values': {'qty': 9}}"), "If-Match", "\"1\"", "Prefer",
                    "merge", "Idempotency-Key", "decrement-1"));
        }
        // And a plain PUT resent after it landed is answered as saved, not as stale.
        JsonClient.Answer put = null;
        for (int i = 0; i < 2; i++) {
            put = alice.put("/api/v1/records/" + id, j("{'values': {'name': 'Washer M8', 'qty': 11}}"), "If-Match", "\"3\"",
                    "Idempotency-Key", "rename-1");
        }

        for (JsonClient.Answer answer : sent) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        }
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.etag()).isEqualTo("\"4\"");
        JsonNode now = alice.get("/api/v1/records/" + id).json();
        assertThat(now.get("version").intValue()).isEqualTo(4);
        assertThat(alice.get("/api/v1/records/" + id + "/revisions/3").json().get("values").get("qty").intValue())
                .isEqualTo(11);
    }

    @Test
    void an_if_match_that_is_not_exactly_the_records_etag_never_matches() {
        JsonClient alice = api("alice");
        long id = newRecord(alice, "etag-exact-a", j("{'name': 'Nut'}"));

        List<JsonClient.Answer> answers = new ArrayList<>();
        List<String> tags = List.of("\"01\"", "\"1.0\"", "\"one\"", "\"0000000001\"", "W/\"1\"");
        for (String tag : tags) {
            answers.add(alice.patch("/api/v1/records/" + id, j("{'values': {'name': 'Bolt'}}"), "If-Match", tag));
        }
        answers.add(alice.put("/api/v1/records/" + id, j("{'values': {'name': 'Bolt'}}"), "If-Match", "W/\"1\""));
        answers.add(alice.delete("/api/v1/records/" + id, "If-Match", "\"01\""));

        for (int i = 0; i < answers.size(); i++) {
            JsonClient.Answer answer = answers.get(i);
            String sent = i < tags.size() ? tags.get(i) : i == tags.size() ? "W/\"1\"" : "\"01\"";
            assertThat(answer.status()).as(answer.body()).isEqualTo(412);
            assertThat(answer.etag()).isEqualTo("\"1\"");
            // Named as sent: these tags are no version of the record, and "not 0" names one nobody sent.
            assertThat(answer.json().get("error").textValue()).as(sent).contains("If-Match: " + sent)
                    .doesNotContain("not 0");
        }
        assertThat(alice.get("/api/v1/records/" + id).json().get("values").get("name").textValue()).isEqualTo("Nut");
    }

    @Test
    void a_stale_patch_that_prefers_merge_is_merged_and_says_who_changed_what() {
        JsonClient.Answer merged = patchedAfterBob("merge-a", "{'name': 'Spring', 'qty': 10, 'notes': 'a\\nb\\nc\\n'}",
                "{'qty': 11, 'notes': 'A\\nb\\nc\\n'}", "{'name': 'Coil spring', 'qty': 13, 'notes': 'a\\nb\\nC\\n'}");

        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(merged.header("Preference-Applied")).isEqualTo("merge");
        assertThat(merged.etag()).isEqualTo("\"3\"");
        JsonNode values = merged.json().get("values");
        assertThat(values.get("name").textValue()).isEqualTo("Coil spring");
        // A delta field: theirs + (yours - original) = 11 + (13 - 10).
        assertThat(values.get("qty").intValue()).isEqualTo(14);
        assertThat(values.get("notes").textValue()).isEqualTo("A\nb\nC\n");
        JsonNode merge = merged.json().get("merge");
        assertThat(merge.get("baseVersion").intValue()).isEqualTo(1);
        assertThat(merge.get("mergedWith").get("version").intValue()).isEqualTo(2);
        assertThat(merge.get("mergedWith").get("updatedBy").textValue()).isEqualTo("Bob");
        List<String> outcomes = new ArrayList<>();
        merge.get("fields").forEach(f -> outcomes.add(f.get("key").textValue() + "=" + f.get("outcome").textValue()));
        assertThat(outcomes).containsExactly("name=yours_only", "notes=merged_lines", "qty=delta_merged");
        assertThat(merge.get("description").textValue()).startsWith("Merged with Bob's change (version 2)");
    }

    @Test
    void a_stale_put_that_prefers_merge_is_merged_too_but_a_stale_delete_never_is() {
        JsonClient alice = api("alice");
        long id = newRecord(alice, "merge-put-a", j("{'name': 'Clip', 'qty': 4, 'kind': 'nut'}"));
        JsonClient.Answer v1 = alice.get("/api/v1/records/" + id);
        assertThat(api("bob").patch("/api/v1/records/" + id, j("{'values': {'qty': 9}}"), "If-Match", "\"1\"").status())
                .isEqualTo(200);

        JsonClient.Answer put = alice.put("/api/v1/records/" + id, v1.body().replace("\"Clip\"", "\"Spring clip\""),
                "If-Match", v1.etag(), "Prefer", "merge");
        JsonClient.Answer delete = alice.delete("/api/v1/records/" + id, "If-Match", v1.etag(), "Prefer", "merge");

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.header("Preference-Applied")).isEqualTo("merge");
        assertThat(put.json().get("values").get("name").textValue()).isEqualTo("Spring clip");
        assertThat(put.json().get("values").get("qty").intValue()).isEqualTo(9);
        assertThat(delete.status()).isEqualTo(412);
        assertThat(alice.get("/api/v1/records/" + id).json().get("deleted").booleanValue()).isFalse();
    }

    @Test
    void a_conflicting_patch_answers_409_with_the_conflict_document_and_its_resolution_saves_against_theirs() {
        JsonClient alice = api("alice");
        JsonClient.Answer conflict = patchedAfterBob("conflict-a", "{'name': 'Gear', 'price': 5, 'notes': 'one\\ntwo\\nthree\\n'}",
                "{'price': 6, 'notes': 'one\\nTWO\\nthree\\n'}", "{'price': 7, 'notes': 'one\\n2\\nthree\\n', 'name': 'Gear wheel'}");
        long id = conflict.json().get("theirs").get("id").asLong();

        assertThat(conflict.status()).as(conflict.body()).isEqualTo(409);
        assertThat(conflict.etag()).isEqualTo("\"2\"");
        JsonNode doc = conflict.json();
        assertThat(doc.get("conflicts")).extracting(JsonNode::textValue).containsExactly("notes", "price");
        assertThat(doc.get("original").get("version").intValue()).isEqualTo(1);
        assertThat(doc.get("theirs").get("version").intValue()).isEqualTo(2);
        assertThat(doc.get("theirs").get("updatedBy").textValue()).isEqualTo("Bob");
        JsonNode price = field(doc, "price");
        assertThat(price.get("outcome").textValue()).isEqualTo("conflict");
        assertThat(price.get("original").decimalValue()).isEqualTo(new BigDecimal("5"));
        assertThat(price.get("theirs").decimalValue()).isEqualTo(new BigDecimal("6"));
        assertThat(price.get("yours").decimalValue()).isEqualTo(new BigDecimal("7"));
        JsonNode notes = field(doc, "notes");
        JsonNode hunk = null;
        for (JsonNode h : notes.get("hunks")) {
            if (h.get("kind").textValue().equals("conflict")) {
                hunk = h;
            }
        }
        assertThat(hunk).isNotNull();
        assertThat(hunk.get("original").get("line").intValue()).isEqualTo(2);
        assertThat(hunk.get("original").get("count").intValue()).isEqualTo(1);
        assertThat(hunk.get("original").get("text").textValue()).isEqualTo("two\n");
        assertThat(hunk.get("theirs").get("text").textValue()).isEqualTo("TWO\n");
        assertThat(hunk.get("yours").get("text").textValue()).isEqualTo("2\n");
        // The same conflict as its whole region, with the texts of the merge page's choices.
        assertThat(notes.get("regions")).hasSize(1);
        JsonNode region = notes.get("regions").get(0);
        assertThat(notes.get("hunks").get(region.get("hunks").get(0).intValue()).get("kind").textValue())
                .isEqualTo("conflict");
        assertThat(region.get("theirs").get("text").textValue()).isEqualTo("TWO\n");
        assertThat(region.get("both_yours_first").textValue()).isEqualTo("2\nTWO\n");
        assertThat(region.get("both_theirs_first").textValue()).isEqualTo("TWO\n2\n");
        assertThat(region.get("words").isNull()).isTrue();
        assertThat(region.get("suggestion").isNull()).isTrue();
        assertThat(field(doc, "price").has("regions")).isFalse();
        assertThat(field(doc, "name").get("outcome").textValue()).isEqualTo("yours_only");
        assertThat(doc.get("merged").get("values").get("name").textValue()).isEqualTo("Gear wheel");
        assertThat(alice.get("/api/v1/records/" + id).json().get("version").intValue()).isEqualTo(2);

        // The client resolves: the merged values with its decisions, against theirs.
        JsonClient.Answer resolved = alice.put("/api/v1/records/" + id,
                j("{'values': {'name': 'Gear wheel', 'price': 7, 'notes': 'one\\nTWO (2)\\nthree\\n'}}"),
                "If-Match", conflict.etag());
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.etag()).isEqualTo("\"3\"");
        assertThat(resolved.json().get("values").get("notes").textValue()).isEqualTo("one\nTWO (2)\nthree\n");
    }

    @Test
    void a_clean_merge_is_saved_where_the_collection_asks_for_confirmation_because_the_client_asked_for_it() {
        parts("confirm-a", true, stet.schema.Leasing.DEFAULT);
        JsonClient alice = api("alice");
        long id = create(alice, "confirm-a", j("{'name': 'Pin', 'qty': 1}")).get("id").asLong();
        api("bob").patch("/api/v1/records/" + id, j("{'values': {'qty': 2}}"), "If-Match", "\"1\"");

        JsonClient.Answer merged = alice.patch("/api/v1/records/" + id, j("{'values': {'name': 'Split pin'}}"),
                "If-Match", "\"1\"", "Prefer", "merge");

        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        assertThat(merged.header("Preference-Applied")).isEqualTo("merge");
        assertThat(merged.json().get("values").get("qty").intValue()).isEqualTo(2);
    }

    @Test
    void a_delete_with_if_match_answers_204_and_the_record_is_gone_but_its_history_stays() {
        JsonClient alice = api("alice");
        long id = newRecord(alice, "delete-a", j("{'name': 'Rivet'}"));

        JsonClient.Answer deleted = alice.delete("/api/v1/records/" + id, "If-Match", "\"1\"");

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.etag()).isEqualTo("\"2\"");
        assertThat(deleted.body()).isEmpty();
        assertThat(deleted.header("Content-Type")).as("an empty 204 has no type").isNull();
        JsonClient.Answer gone = alice.get("/api/v1/records/" + id);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.json().get("record").get("deleted").booleanValue()).isTrue();
        assertThat(alice.patch("/api/v1/records/" + id, j("{'values': {}}"), "If-Match", "\"2\"").status()).isEqualTo(410);
        assertThat(alice.delete("/api/v1/records/" + id, "If-Match", "\"2\"").status()).isEqualTo(410);
        // The same DELETE sent again (a retry after a lost answer) is a DELETE of a deleted record too.
        assertThat(alice.delete("/api/v1/records/" + id, "If-Match", "\"1\"").status()).isEqualTo(410);
        JsonNode history = alice.get("/api/v1/records/" + id + "/history").json();
        assertThat(history.get("revisions")).extracting(r -> r.get("kind").textValue()).containsExactly("delete", "create");
    }

    @Test
    void history_pages_by_version_and_a_revision_has_its_values() {
        JsonClient alice = api("alice");
        long id = newRecord(alice, "history-a", j("{'name': 'Cog', 'qty': 0}"));
        for (int v = 1; v <= 55; v++) {
            assertThat(alice.patch("/api/v1/records/" + id, j("{'values': {'qty': " + v + "}}"), "If-Match",
                    "\"" + v + "\"").status()).isEqualTo(200);
        }

        JsonClient.Answer first = alice.get("/api/v1/records/" + id + "/history");
        JsonNode page = first.json();
        assertThat(page.get("revisions")).hasSize(50);
        assertThat(page.get("revisions").get(0).get("version").intValue()).isEqualTo(56);
        String next = page.get("next").textValue();
        assertThat(next).isEqualTo("/api/v1/records/" + id + "/history?before=7");
        assertThat(first.header("Link")).isEqualTo("<" + next + ">; rel=\"next\"");
        JsonNode last = alice.get(next).json();
        assertThat(last.get("revisions")).extracting(r -> r.get("version").intValue()).containsExactly(6, 5, 4, 3, 2, 1);
        assertThat(last.get("next").isNull()).isTrue();
        JsonNode revision = alice.get("/api/v1/records/" + id + "/revisions/3").json();
        assertThat(revision.get("version").intValue()).isEqualTo(3);
        assertThat(revision.get("kind").textValue()).isEqualTo("update");
        assertThat(revision.get("author").textValue()).isEqualTo("Alice");
        assertThat(revision.get("values").get("qty").intValue()).isEqualTo(2);
        assertThat(alice.get("/api/v1/records/" + id + "/revisions/99").status()).isEqualTo(404);
    }

    @Test
    void history_pages_hold_as_many_revisions_as_limit_asks_and_the_next_link_keeps_it() {
        JsonClient alice = api("alice");
        long id = newRecord(alice, "history-limit-a", j("{'name': 'Gear', 'qty': 0}"));
        for (int v = 1; v <= 4; v++) {
            alice.patch("/api/v1/records/" + id, j("{'values': {'qty': " + v + "}}"), "If-Match", "\"" + v + "\"");
        }

        JsonNode first = alice.get("/api/v1/records/" + id + "/history?limit=2").json();
        JsonNode second = alice.get(first.get("next").textValue()).json();
        JsonNode third = alice.get(second.get("next").textValue()).json();

        assertThat(first.get("revisions")).extracting(r -> r.get("version").intValue()).containsExactly(5, 4);
        assertThat(second.get("revisions")).extracting(r -> r.get("version").intValue()).containsExactly(3, 2);
        assertThat(third.get("revisions")).extracting(r -> r.get("version").intValue()).containsExactly(1);
        assertThat(third.get("next").isNull()).isTrue();
        assertThat(alice.get("/api/v1/records/" + id + "/history?limit=501").status()).isEqualTo(400);
    }

    /**
     * A new record of {@code created} values; Bob patches version 1 with {@code bobs}, then
     * Alice patches version 1 with {@code alices} and Prefer: merge: her answer.
     */
    private static JsonClient.Answer patchedAfterBob(String slug, String created, String bobs, String alices) {
        long id = newRecord(api("alice"), slug, j(created));
        assertThat(api("bob").patch("/api/v1/records/" + id, j("{'values': " + bobs + "}"), "If-Match", "\"1\"").status())
                .isEqualTo(200);
        return api("alice").patch("/api/v1/records/" + id, j("{'values': " + alices + "}"), "If-Match", "\"1\"",
                "Prefer", "merge");
    }

    private static JsonNode field(JsonNode doc, String key) {
        for (JsonNode f : doc.get("fields")) {
            if (f.get("key").textValue().equals(key)) {
                return f;
            }
        }
        throw new AssertionError("no field " + key + " in " + doc);
    }
}
