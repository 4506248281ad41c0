package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.record.RecordWebIT.create;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stet.schema.FieldType;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * A long text the field takes, in any script, is saved from the browser's forms as a
 * browser posts them, and a conflict on it is resolved from the merge page, whose form
 * holds it twice (the user's own value, and the result to edit freely). Posted URL-encoded,
 * each byte of a character outside ASCII takes three: 500,000 Japanese characters were
 * 4.5 MB from the edit form and 9 MB from the merge page, past the 4 MiB a request may be.
 */
class LongTextsFromBrowserWebIT extends WebTest {

    /** Lines of Japanese, about {@code characters} long in all, each ending in a line break. */
    private static String japanese(int characters) {
        StringBuilder text = new StringBuilder(characters);
        String line = "日本語の長い文章です。".repeat(7) + "\n";
        while (text.length() + line.length() <= characters) {
            text.append(line);
        }
        return text.toString();
    }

    @Test
    void a_long_japanese_text_the_field_takes_is_saved_from_the_edit_form() {
        WebClient alice = logIn("alice");
        long id = create(alice, "Scroll", "JA-EDIT-1");
        String text = japanese(FieldType.DEFAULT_LONGTEXT_MAX - 100);
        WebClient.Page edit = alice.get("/records/" + id + "/edit");
        Map<String, List<String>> form = edit.form("record-form");
        form.put("description", List.of(text.replace("\n", "\r\n")));

        WebClient.Page saved = alice.submit(edit, "record-form", form);

        assertThat(saved.status()).as(saved.body().length() > 2_000 ? saved.body().substring(0, 2_000) : saved.body())
                .isEqualTo(303);
        assertThat(new RecordStore(app.database().dsl()).find(id).orElseThrow().value("description")).isEqualTo(text);
    }

    @Test
    void a_conflict_on_a_long_japanese_text_is_resolved_from_the_merge_page() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "Scroll", "JA-MERGE-1");
        String text = japanese(FieldType.DEFAULT_LONGTEXT_MAX - 1_000);
        WebClient.Page first = alice.get("/records/" + id + "/edit");
        Map<String, List<String>> base = first.form("record-form");
        base.put("description", List.of(text));
        assertThat(alice.submit(first, "record-form", base).status()).isEqualTo(303);
        WebClient.Page aliceEdit = alice.get("/records/" + id + "/edit");
        WebClient.Page bobEdit = bob.get("/records/" + id + "/edit");
        Map<String, List<String>> bobs = bobEdit.form("record-form");
        bobs.put("description", List.of("ボブの一行目\n" + text.substring(text.indexOf('\n') + 1)));
        assertThat(bob.submit(bobEdit, "record-form", bobs).status()).isEqualTo(303);
        Map<String, List<String>> alices = aliceEdit.form("record-form");
        String yours = "アリスの一行目\n" + text.substring(text.indexOf('\n') + 1);
        alices.put("description", List.of(yours));
        WebClient.Page merge = alice.submit(aliceEdit, "record-form", alices);
        assertThat(merge.status()).isEqualTo(409);
        Map<String, List<String>> resolution = MergeLineBreaksWebIT.asBrowserPosts(merge.form("merge-form"));
        resolution.put("description__hunk_1", List.of("yours"));

        WebClient.Page saved = alice.submit(merge, "merge-form", resolution);

        assertThat(saved.status()).as(saved.body().length() > 2_000 ? saved.body().substring(0, 2_000) : saved.body())
                .isEqualTo(303);
        assertThat(new RecordStore(app.database().dsl()).find(id).orElseThrow().value("description")).isEqualTo(yours);
    }
}
