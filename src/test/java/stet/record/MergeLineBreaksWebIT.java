package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.record.RecordWebIT.create;
import static stet.record.RecordWebIT.inventory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stet.support.WebClient;
import stet.support.WebTest;

/**
 * A merge page posted the way browsers post it, every line break as CRLF (hidden inputs
 * included), reads the same as it was shown: saved with a conflict undecided, it comes
 * back as the same page, and then saves.
 */
class MergeLineBreaksWebIT extends WebTest {

    static final String BASE = "Line one\nLine two\nLine three\nLine four\nLine five\n";

    /** The form as a browser submits it: each line break as CRLF. */
    static Map<String, List<String>> asBrowserPosts(Map<String, List<String>> form) {
        Map<String, List<String>> posted = new LinkedHashMap<>();
        form.forEach((name, values) -> posted.put(name, values.stream().map(v -> v.replace("\n", "\r\n")).toList()));
        return posted;
    }

    @Test
    void a_merge_posted_with_crlf_and_a_conflict_undecided_comes_back_as_the_same_page() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "Kettle", "CRLF-1");
        alice.post("/records/" + id, inventory(alice.get("/records/" + id + "/edit"), "Kettle", "CRLF-1", "5", BASE));
        WebClient.Page aliceEdit = alice.get("/records/" + id + "/edit");
        bob.post("/records/" + id, inventory(bob.get("/records/" + id + "/edit"), "Kettle", "CRLF-1", "5",
                BASE.replace("Line one", "Line one (Bob)") + "Line six (Bob)\n"));
        WebClient.Page merge = alice.post("/records/" + id, inventory(aliceEdit, "Kettle", "CRLF-1", "5",
                BASE.replace("Line one", "New line one") + "Line six (Alice)\n"));
        assertThat(merge.status()).isEqualTo(409);
        Map<String, List<String>> form = asBrowserPosts(merge.form("merge-form"));
        form.put("description__hunk_1", List.of("words"));

        WebClient.Page again = alice.postForm("/records/" + id, form);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body())
                .contains("data-testid=\"hunk\" data-hunk=\"1\"")
                .contains("data-testid=\"hunk\" data-hunk=\"2\"")
                .doesNotContain("data-hunk=\"3\"")
                .contains("data-testid=\"hunk-words\">\nNew line one (Bob)\n</pre>")
                .contains("data-testid=\"error-description\">Choose how to resolve conflict 2 (or edit the whole text).");
        assertThat(again.form("merge-form").get("description__yours"))
                .containsExactly(BASE.replace("Line one", "New line one") + "Line six (Alice)\n");
        Map<String, List<String>> finished = asBrowserPosts(again.form("merge-form"));
        finished.put("description__hunk_2", List.of("theirs"));

        WebClient.Page saved = alice.postForm("/records/" + id, finished);

        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        assertThat(new RecordStore(app.database().dsl()).find(id).orElseThrow().value("description"))
                .isEqualTo(BASE.replace("Line one", "New line one (Bob)") + "Line six (Bob)\n");
    }

    @Test
    void a_line_break_theirs_only_added_at_the_end_shows_in_their_pane() {
        WebClient alice = logIn("alice");
        WebClient bob = logIn("bob");
        long id = create(alice, "Kettle", "EOL-1");
        alice.post("/records/" + id, inventory(alice.get("/records/" + id + "/edit"), "Kettle", "EOL-1", "5",
                "Line one\nLine two"));
        WebClient.Page aliceEdit = alice.get("/records/" + id + "/edit");
        bob.post("/records/" + id, inventory(bob.get("/records/" + id + "/edit"), "Kettle", "EOL-1", "5",
                "Line one\nLine two\n"));

        WebClient.Page merge = alice.post("/records/" + id, inventory(aliceEdit, "Kettle", "EOL-1", "5",
                "Line one\nLine 2"));

        assertThat(merge.status()).isEqualTo(409);
        assertThat(merge.text("pane-theirs")).endsWith("Line one Line two (line break at the end)");
        assertThat(merge.body()).contains("<span class=\"line added note\"><span class=\"added\">(line break at the end)</span>");
        assertThat(merge.text("pane-yours")).doesNotContain("line break at the end");
    }
}
