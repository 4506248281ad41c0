package stet.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import stet.Components;
import stet.auth.User;
import stet.record.Revision;
import stet.record.SaveOutcome;
import stet.record.SaveRequest;
import stet.record.StoredRecord;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.schema.Leasing;
import stet.support.TestApp;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * The import pages in a browser's place: upload, a preview of every outcome (nothing written
 * before apply), apply without the rejected rows, the progress, the rejected rows as CSV, and
 * an admin's revert. Each test has its own collection.
 */
class ImportWebIT extends WebTest {

    private static final String HEADER = "_id,_version,sku,name,qty,notes\r\n";
    private static int collections;

    private Components parts;
    private User admin;
    private Collection collection;
    private String slug;

    @BeforeEach
    void aCollection() {
        parts = Components.build(app.database());
        admin = parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
        slug = "parts" + (++collections);
        collection = parts.collections().create(slug, "Parts " + collections, List.of(
                new FieldDef("sku", "SKU", FieldType.TEXT, true, true, null, null, false, List.of()),
                new FieldDef("name", "Name", FieldType.TEXT, false, false, null, null, false, List.of()),
                new FieldDef("qty", "Quantity", FieldType.INTEGER, false, false, "0", null, false, List.of()),
                new FieldDef("notes", "Notes", FieldType.LONGTEXT, false, false, null, null, false, List.of())),
                false, admin);
    }

    @Test
    void the_list_links_to_the_upload_form_which_says_what_columns_it_reads() {
        WebClient alice = logIn("alice");
        String href = alice.get("/collections/" + slug).element("import-link").get("href");

        WebClient.Page form = alice.get(href);

        assertThat(href).isEqualTo("/collections/" + slug + "/import");
        assertThat(form.has("import-form")).isTrue();
        assertThat(form.body()).contains("_id,_version,sku,name,qty,notes").contains("with the same SKU");
    }

    @Test
    void the_preview_shows_every_outcome_and_writes_nothing() {
        long changed = create("A-1", "Alpha", "1");
        long unchanged = create("B-1", "Beta", "2");
        long stale = create("C-1", "Gamma", "3");
        long conflicting = create("D-1", "Delta", "4");
        save(stale, 1, Map.of("sku", "C-1", "name", "Gamma", "qty", "30"));
        save(conflicting, 1, Map.of("sku", "D-1", "name", "Delta (theirs)", "qty", "4"));
        WebClient alice = logIn("alice");

        long id = upload(alice, HEADER
                + changed + ",1,A-1,Alpha,10,\r\n"
                + unchanged + ",1,B-1,Beta,2,\r\n"
                + ",,E-1,Epsilon,5,new one\r\n"
                + ",,F-1,Phi,lots,\r\n"
                + stale + ",1,C-1,Gamma (renamed),3,\r\n"
                + conflicting + ",1,D-1,Delta (yours),4,\r\n", "");
        WebClient.Page preview = alice.get("/imports/" + id);

        assertThat(preview.element("import-preview")).containsEntry("data-import-id", Long.toString(id))
                .containsEntry("data-state", "ready");
        Map<String, String> counts = Map.of("new", "1", "changed", "1", "unchanged", "1", "invalid", "1", "stale", "2");
        counts.forEach((outcome, count) -> {
            // The hook is the link that shows only those rows; its text and data-count say how many.
            assertThat(preview.element("import-count-" + outcome)).as(outcome)
                    .containsEntry("href", "/imports/" + id + "?outcome=" + outcome).containsEntry("data-count", count);
            assertThat(preview.text("import-count-" + outcome)).isEqualTo(outcome + " " + count);
        });
        assertThat(outcomes(alice.get(preview.element("import-count-stale").get("href"))))
                .containsExactly(Map.entry(6, "stale"), Map.entry(7, "stale"));
        assertThat(outcomes(preview)).containsExactly(
                Map.entry(2, "changed"), Map.entry(3, "unchanged"), Map.entry(4, "new"), Map.entry(5, "invalid"),
                Map.entry(6, "stale"), Map.entry(7, "stale"));
        assertThat(preview.text("import-row-5")).contains("Quantity");
        assertThat(preview.text("import-row-6")).contains("merges cleanly").contains("Gamma (renamed)").contains("30");
        assertThat(preview.text("import-row-7")).contains("conflict").contains("Delta (theirs)").contains("Delta (yours)");
        assertThat(preview.text("import-row-2")).contains("Quantity").contains("10");
        assertThat(preview.has("apply-import")).isTrue();
        // Nothing is written before apply.
        assertThat(parts.records().get(changed).version()).isEqualTo(1);
        assertThat(parts.records().get(stale).version()).isEqualTo(2);
        assertThat(parts.records().list(collection, stet.record.RecordQuery.parse(collection, Map.of()), 10)).hasSize(4);
    }

    @Test
    void applying_all_but_the_rejected_rows_writes_import_revisions_and_offers_the_rejected_rows_to_fix() throws IOException {
        long changed = create("A-1", "Alpha", "1");
        long conflicting = create("D-1", "Delta", "4");
        save(conflicting, 1, Map.of("sku", "D-1", "name", "Delta (theirs)", "qty", "4"));
        WebClient alice = logIn("alice");
        long id = upload(alice, HEADER
                + changed + ",1,A-1,Alpha,10,\r\n"
                + ",,E-1,Epsilon,5,\"two\nlines\"\r\n"
                + ",,F-1,Phi,lots,\r\n"
                + conflicting + ",1,D-1,Delta (yours),4,\r\n", "");

        WebClient.Page applied = alice.post("/imports/" + id + "/apply",
                WebClient.form("_csrf", alice.csrfToken(), "skip", "rejected"));
        assertThat(applied.status()).isEqualTo(303);
        awaitFinished(id);
        WebClient.Page done = alice.get("/imports/" + id);

        assertThat(done.element("import-preview")).containsEntry("data-state", "done");
        assertThat(done.element("import-progress")).containsEntry("data-done", "4").containsEntry("data-total", "4");
        assertThat(done.has("import-done")).isTrue();
        StoredRecord updated = parts.records().get(changed);
        assertThat(updated.data()).containsEntry("qty", "10");
        assertThat(parts.records().revision(changed, 2).kind()).isEqualTo(Revision.Kind.IMPORT);
        assertThat(done.text("import-row-2")).contains("updated").contains("version 2");
        assertThat(parts.records().get(conflicting).data()).containsEntry("name", "Delta (theirs)");
        assertThat(parts.records().get(conflicting).version()).isEqualTo(2);
        // The rejected rows, with the file's columns and why, to fix and import again.
        String rejectedHref = done.element("rejected-csv").get("href");
        List<CSVRecord> rejected = CSVFormat.RFC4180.parse(new StringReader(alice.get(rejectedHref).body())).getRecords();
        assertThat(rejected.get(0).toList()).containsExactly("_id", "_version", "sku", "name", "qty", "notes", "_error");
        assertThat(rejected.subList(1, rejected.size()).stream().map(r -> r.get(2)))
                .containsExactlyInAnyOrder("F-1", "D-1");
        assertThat(rejected.get(1).get(6)).startsWith("Line ");
    }

    @Test
    void an_admin_reverts_a_whole_import_and_is_told_which_records_changed_since() {
        long first = create("A-1", "Alpha", "1");
        long second = create("B-1", "Beta", "2");
        WebClient alice = logIn("alice");
        long id = upload(alice, HEADER + first + ",1,A-1,Alpha,10,\r\n" + second + ",1,B-1,Beta,20,\r\n"
                + ",,E-1,Epsilon,5,\r\n", "");
        alice.post("/imports/" + id + "/apply", WebClient.form("_csrf", alice.csrfToken(), "skip", "none"));
        awaitFinished(id);
        save(second, 2, Map.of("sku", "B-1", "name", "Beta (later)", "qty", "20"));
        assertThat(alice.get("/imports/" + id).has("revert-import")).as("only admins revert").isFalse();
        WebClient admin = admin();
        assertThat(admin.get("/imports/" + id).has("revert-import")).isTrue();

        WebClient.Page report = admin.post("/imports/" + id + "/revert", WebClient.form("_csrf", admin.csrfToken()));

        assertThat(report.status()).isEqualTo(200);
        assertThat(report.text("reverted-count")).isEqualTo("1");
        assertThat(report.text("deleted-count")).isEqualTo("1");
        assertThat(report.has("changed-since-" + second)).isTrue();
        assertThat(parts.records().get(first).data()).containsEntry("qty", "1");
        assertThat(parts.records().get(second).data()).containsEntry("name", "Beta (later)").containsEntry("qty", "20");
        assertThat(admin.get("/imports/" + id).has("revert-import")).isFalse();
        assertThat(logIn("alice").post("/imports/" + id + "/revert", WebClient.form("_csrf", alice.csrfToken())).status())
                .isEqualTo(403);
    }

    @Test
    void an_admins_revert_leaves_a_record_someone_else_is_editing_in_an_exclusive_collection_and_lists_it_as_not_reverted() {
        slug = slug + "-held";
        collection = parts.collections().create(slug, "Held parts " + collections, collection.fields(), false,
                new Leasing(true, 10), admin);
        long first = create("A-1", "Alpha", "1");
        WebClient alice = logIn("alice");
        long id = upload(alice, HEADER + first + ",1,A-1,Alpha,10,\r\n", "");
        alice.post("/imports/" + id + "/apply", WebClient.form("_csrf", alice.csrfToken(), "skip", "none"));
        awaitFinished(id);
        assertThat(logIn("bob").get("/records/" + first + "/edit").has("lease-notice")).as("Bob holds it").isFalse();
        WebClient admin = admin();

        WebClient.Page report = admin.post("/imports/" + id + "/revert", WebClient.form("_csrf", admin.csrfToken()));

        assertThat(report.status()).isEqualTo(200);
        assertThat(report.text("reverted-count")).isEqualTo("0");
        assertThat(report.text("revert-refused")).contains("Bob is editing record " + first);
        assertThat(parts.records().get(first).data()).as("left as Bob sees it").containsEntry("qty", "10");
    }

    @Test
    void applying_a_done_import_or_reverting_a_reverted_one_answers_409_with_the_import_page_and_why() {
        long first = create("A-1", "Alpha", "1");
        WebClient alice = logIn("alice");
        long id = upload(alice, HEADER + first + ",1,A-1,Alpha,10,\r\n", "");
        alice.post("/imports/" + id + "/apply", WebClient.form("_csrf", alice.csrfToken(), "skip", "none"));
        awaitFinished(id);
        WebClient admin = admin();
        assertThat(admin.post("/imports/" + id + "/revert", WebClient.form("_csrf", admin.csrfToken())).status())
                .isEqualTo(200);

        WebClient.Page applyAgain = alice.post("/imports/" + id + "/apply",
                WebClient.form("_csrf", alice.csrfToken(), "skip", "none"));
        WebClient.Page revertAgain = admin.post("/imports/" + id + "/revert", WebClient.form("_csrf", admin.csrfToken()));

        assertThat(applyAgain.status()).as(applyAgain.body()).isEqualTo(409);
        assertThat(applyAgain.element("import-preview")).containsEntry("data-state", "done");
        assertThat(applyAgain.text("import-refused")).isEqualTo("Import " + id + " is done, so it cannot be applied now;"
                + " only a ready import can.");
        assertThat(revertAgain.status()).as(revertAgain.body()).isEqualTo(409);
        assertThat(revertAgain.has("import-reverted")).isTrue();
        assertThat(revertAgain.text("import-refused")).isEqualTo("Import " + id + " was reverted already.");
        assertThat(parts.records().get(first).data()).containsEntry("qty", "1");
        assertThat(parts.records().get(first).version()).isEqualTo(3);
    }

    @Test
    void rows_giving_text_to_a_field_removed_before_the_apply_are_left_unwritten_saying_so_and_come_back_to_fix()
            throws IOException {
        long first = create("A-1", "Alpha", "1");
        WebClient alice = logIn("alice");
        long id = upload(alice, HEADER + first + ",1,A-1,Alpha (renamed),1,notes for Alpha\r\n"
                + ",,E-1,Epsilon,5,notes for Epsilon\r\n" + ",,F-1,Phi,6,\r\n", "");
        // An admin removes the notes field between the preview and the apply.
        WebClient admin = admin();
        Map<String, List<String>> definition = admin.get("/collections/" + slug + "/edit").form("collection-form");
        definition.put("field_3_remove", List.of("true"));
        assertThat(admin.postForm("/collections/" + slug, definition).status()).isEqualTo(303);

        alice.post("/imports/" + id + "/apply", WebClient.form("_csrf", alice.csrfToken(), "skip", "none"));
        awaitFinished(id);
        WebClient.Page done = alice.get("/imports/" + id);

        assertThat(done.text("import-row-2")).contains("conflict").contains("notes: An admin removed this field");
        assertThat(done.text("import-row-3")).contains("conflict").contains("notes: An admin removed this field");
        assertThat(done.text("import-row-4")).contains("created");
        assertThat(parts.records().get(first).version()).as("nothing of the row written").isEqualTo(1);
        assertThat(parts.records().list(collection, stet.record.RecordQuery.parse(collection, Map.of()), 10)).hasSize(2);
        List<CSVRecord> rejected = CSVFormat.RFC4180.parse(new StringReader(
                alice.get(done.element("rejected-csv").get("href")).body())).getRecords();
        assertThat(rejected.subList(1, rejected.size()).stream().map(r -> r.get(5)))
                .containsExactly("notes for Alpha", "notes for Epsilon");
    }

    @Test
    void the_preview_shows_a_unique_value_another_record_or_an_earlier_row_has_as_invalid() {
        create("A-1", "Alpha", "1");
        WebClient alice = logIn("alice");

        long id = upload(alice, "sku,name\r\nA-1,Another alpha\r\nB-1,Beta\r\nB-1,Beta again\r\n", "");
        WebClient.Page preview = alice.get("/imports/" + id);

        assertThat(outcomes(preview)).containsExactly(Map.entry(2, "invalid"), Map.entry(3, "new"),
                Map.entry(4, "invalid"));
        assertThat(preview.element("import-count-invalid")).containsEntry("data-count", "2");
        assertThat(preview.text("import-row-2")).contains("SKU").contains("'A-1' is already taken.");
        assertThat(preview.text("import-row-4")).contains("SKU").contains("'B-1' is already taken").contains("line 3");
    }

    @Test
    void a_refused_upload_keeps_the_form_with_the_message_and_stores_nothing() {
        WebClient alice = logIn("alice");
        int imports = app.database().dsl().fetchCount(stet.db.jooq.Tables.IMPORT_JOB);

        WebClient.Page unknown = alice.upload("/collections/" + slug + "/import",
                Map.of("_csrf", alice.csrfToken(), "match", "sku"), "file", "parts.csv",
                "sku,colour\r\nA-1,red\r\n".getBytes(StandardCharsets.UTF_8));
        WebClient.Page noFile = alice.upload("/collections/" + slug + "/import",
                Map.of("_csrf", alice.csrfToken(), "match", ""), "file", "", new byte[0]);
        WebClient.Page notUnique = alice.upload("/collections/" + slug + "/import",
                Map.of("_csrf", alice.csrfToken(), "match", "name"), "file", "parts.csv",
                "sku,name\r\nA-1,Alpha\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.text("import-error")).contains("colour");
        assertThat(unknown.body()).contains("<option value=\"sku\" selected");
        assertThat(noFile.status()).isEqualTo(422);
        assertThat(noFile.text("import-error")).contains("Choose a CSV file");
        assertThat(notUnique.status()).isEqualTo(422);
        assertThat(notUnique.text("import-error")).contains("unique");
        assertThat(app.database().dsl().fetchCount(stet.db.jooq.Tables.IMPORT_JOB)).isEqualTo(imports);
    }

    @Test
    void a_long_unknown_match_field_is_named_shortened_in_the_message() {
        WebClient alice = logIn("alice");

        WebClient.Page page = alice.upload("/collections/" + slug + "/import",
                Map.of("_csrf", alice.csrfToken(), "match", "y".repeat(100_000) + "\u0007"), "file", "parts.csv",
                "sku\r\nA-1\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(page.status()).isEqualTo(422);
        assertThat(page.text("import-error")).contains("has no field 'yyyy").contains("…").hasSizeLessThan(300);
    }

    @Test
    void an_upload_form_field_other_than_the_file_too_large_is_refused_saying_what_is_too_large() {
        WebClient alice = logIn("alice");
        int imports = app.database().dsl().fetchCount(stet.db.jooq.Tables.IMPORT_JOB);

        WebClient.Page page = alice.upload("/collections/" + slug + "/import",
                Map.of("_csrf", alice.csrfToken(), "match", "x".repeat(5 * 1024 * 1024)), "file", "parts.csv",
                "sku\r\nA-1\r\n".getBytes(StandardCharsets.UTF_8));

        assertThat(page.status()).isEqualTo(413);
        assertThat(page.text("error-message")).isEqualTo("A field of the form besides its files is too large: the fields"
                + " other than files may hold at most 4 MiB together. Nothing was changed.");
        assertThat(app.database().dsl().fetchCount(stet.db.jooq.Tables.IMPORT_JOB)).isEqualTo(imports);
    }

    @Test
    void a_nul_character_in_an_uploaded_file_shows_its_row_invalid_saying_why() {
        WebClient alice = logIn("alice");

        long id = upload(alice, "sku,name\r\nA-1,Lamp\0X\r\nB\0-1,Shade\r\nC-1,Bulb\r\n", "sku");
        WebClient.Page preview = alice.get("/imports/" + id);

        assertThat(preview.status()).isEqualTo(200);
        assertThat(outcomes(preview)).containsExactly(Map.entry(2, "invalid"), Map.entry(3, "invalid"),
                Map.entry(4, "new"));
        assertThat(preview.text("import-row-2")).contains("Name").contains("NUL character");
        assertThat(preview.text("import-row-3")).contains("SKU").contains("NUL character");
    }

    @Test
    void a_page_cursor_that_is_no_line_of_the_file_is_a_400() {
        WebClient alice = logIn("alice");
        long id = upload(alice, "sku,name\r\nA-1,Lamp\r\n", "");

        WebClient.Page pastAnyLine = alice.get("/imports/" + id + "?after=2147483648");
        WebClient.Page negative = alice.get("/imports/" + id + "?outcome=new&after=-1");
        WebClient.Page notANumber = alice.get("/imports/" + id + "?after=two");

        assertThat(pastAnyLine.status()).isEqualTo(400);
        assertThat(pastAnyLine.text("error-message")).contains("'after' must be a whole number from 0");
        assertThat(negative.status()).isEqualTo(400);
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(alice.get("/imports/" + id + "?after=2").status()).isEqualTo(200);
    }

    @Test
    void a_file_larger_than_other_requests_may_be_is_uploaded() {
        WebClient alice = logIn("alice");
        StringBuilder csv = new StringBuilder("sku,notes\r\n");
        String notes = "x".repeat(2_500);
        int rows = 2_000;
        for (int i = 0; i < rows; i++) {
            csv.append("BIG-").append(i).append(',').append(notes).append("\r\n");
        }
        assertThat(csv.length()).isGreaterThan(4 * 1024 * 1024);

        long id = upload(alice, csv.toString(), "");

        assertThat(logIn("alice").get("/imports/" + id).element("import-count-new").get("data-count"))
                .isEqualTo(Integer.toString(rows));
    }

    private long upload(WebClient client, String csv, String match) {
        WebClient.Page page = client.upload("/collections/" + slug + "/import",
                Map.of("_csrf", client.csrfToken(), "match", match), "file", "parts.csv",
                csv.getBytes(StandardCharsets.UTF_8));
        assertThat(page.status()).as(page.body()).isEqualTo(303);
        assertThat(page.location()).startsWith("/imports/");
        return Long.parseLong(page.location().substring("/imports/".length()));
    }

    private static Map<Integer, String> outcomes(WebClient.Page page) {
        Map<Integer, String> outcomes = new java.util.TreeMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("data-testid=\"import-row-(\\d+)\" data-outcome=\"([a-z]+)\"").matcher(page.body());
        while (m.find()) {
            outcomes.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        return new java.util.LinkedHashMap<>(outcomes);
    }

    private long create(String sku, String name, String qty) {
        Map<String, List<String>> form = new HashMap<>();
        form.put("sku", List.of(sku));
        form.put("name", List.of(name));
        form.put("qty", List.of(qty));
        return ((stet.record.CreateOutcome.Created) parts.records().create(collection, form, null, "", admin)).record().id();
    }

    private void save(long id, int version, Map<String, String> values) {
        Map<String, List<String>> form = new HashMap<>();
        values.forEach((k, v) -> form.put(k, List.of(v)));
        SaveOutcome outcome = parts.records().save(new SaveRequest(id, version, parts.records().versionToken(id, version, admin),
                form, "", null, null), admin);
        assertThat(outcome).isInstanceOf(SaveOutcome.Saved.class);
    }

    /** Waits (up to 30 s) for the workers to finish applying the import. */
    private static void awaitFinished(long id) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (app.imports().find(id).state() == ImportState.APPLYING) {
            assertThat(System.nanoTime()).as("import %d still applying", id).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
