package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.e2e.MergeField.Pane.ORIGINAL;
import static stet.e2e.MergeField.Pane.THEIRS;
import static stet.e2e.MergeField.Pane.YOURS;
import static stet.e2e.User.ALICE;
import static stet.e2e.User.BOB;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scenario 8: logging in and out, requests stet must refuse (a POST without its CSRF
 * token, a forged version token), and markup typed into fields, which every page shows
 * as text.
 */
@EndToEnd
class SecurityIT {

    @Test
    void logging_in_leads_back_to_the_page_asked_for_and_logging_out_ends_the_session(Browsers browsers) {
        Browser browser = browsers.open("alice");
        CollectionsPage home = browser.loginPage().logInAs(ALICE);
        assertThat(home.currentUser()).hasValue("Alice (editor)");
        long id = Inventory.create(browser, "LOGIN-1").id();

        LoginPage loggedOut = browser.record(id).logOut();

        assertThat(loggedOut.flash()).map(Page.Flash::text).hasValue("You are logged out.");
        assertThat(loggedOut.currentUser()).isEmpty();
        LoginPage login = browser.loginRequiredFor("/records/" + id);
        assertThat(login.path())
                .isEqualTo("/login?next=" + URLEncoder.encode("/records/" + id, StandardCharsets.UTF_8));
        LoginPage refused = login.logInWithWrongPassword(ALICE);
        assertThat(refused.error()).isEqualTo("Unknown user or wrong password.");
        assertThat(refused.currentUser()).isEmpty();
        RecordPage back = refused.logInAndReturnToRecord(ALICE);
        assertThat(back.id()).isEqualTo(id);
        assertThat(back.currentUser()).hasValue("Alice (editor)");
    }

    @Test
    void a_save_replayed_without_its_csrf_token_is_refused_with_403_and_changes_nothing(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        long id = Inventory.create(alice, "CSRF-1").id();

        ErrorPage refused = alice.edit(id).set("name", "Never saved").withoutCsrfToken().saveAndExpectError();

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.message()).contains("missing its security token").contains("nothing was changed");
        RecordPage record = alice.record(id);
        assertThat(record.version()).isEqualTo(1);
        assertThat(record.value("name")).isEqualTo("Kettle CSRF-1");
    }

    @Test
    void a_save_with_a_forged_version_token_is_refused_with_400_and_changes_nothing(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        long id = Inventory.create(alice, "FORGED-1").id();

        ErrorPage refused = alice.edit(id).set("name", "Never saved").withForgedVersionToken().saveAndExpectError();

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.message()).contains("version token").contains("nothing was saved");
        RecordPage record = alice.record(id);
        assertThat(record.version()).isEqualTo(1);
        assertThat(record.value("name")).isEqualTo("Kettle FORGED-1");
    }

    /** Each piece of markup carries a made-up hook: were it rendered as HTML, the hook would be on the page. */
    static final String NAME = "<b data-testid=\"injected-name\">Bold</b> kettle";
    static final String DESCRIPTION = "<script>document.title = 'injected'</script>\n"
            + "<img data-testid=\"injected-img\" src=\"/nowhere\" onerror=\"alert(1)\">\nLine three\n";
    static final String COMMENT = "<i data-testid=\"injected-comment\">why</i> & more";
    static final List<String> INJECTED = List.of("injected-name", "injected-img", "injected-comment", "injected-bob",
            "injected-alice", "injected-em");

    @Test
    void markup_typed_into_fields_is_text_on_the_record_history_and_merge_pages(Browsers browsers) {
        Browser alice = browsers.logIn(ALICE);
        Browser bob = browsers.logIn(BOB);
        RecordPage record = alice.newRecord("inventory")
                .set("name", NAME)
                .set("sku", "XSS-1")
                .set("description", DESCRIPTION)
                .set("quantity", "10")
                .comment(COMMENT)
                .save();
        long id = record.id();

        assertThat(record.value("name")).isEqualTo(NAME);
        assertThat(record.value("description")).isEqualTo(DESCRIPTION.strip());
        assertNoInjectedElements(record);

        HistoryPage history = record.history();
        assertThat(history.rowText(1)).contains(COMMENT);
        assertNoInjectedElements(history);

        RecordForm aliceForm = alice.edit(id);
        String bobsName = NAME + " <u data-testid=\"injected-bob\">Bob</u>";
        String alicesName = NAME + " <s data-testid=\"injected-alice\">Alice</s>";
        String bobsLine = "Bob's <em data-testid=\"injected-em\">three</em>";
        String alicesLine = "Alice's <em data-testid=\"injected-em\">three</em>";
        bob.edit(id).set("name", bobsName).set("description", DESCRIPTION.replace("Line three", bobsLine)).save();
        MergePage merge = aliceForm.set("name", alicesName)
                .set("description", DESCRIPTION.replace("Line three", alicesLine))
                .saveAndExpectMerge();

        assertThat(merge.outcomes()).containsEntry("name", "CONFLICT").containsEntry("description", "CONFLICT");
        MergeField name = merge.field("name");
        assertThat(name.pane(THEIRS)).endsWith("\n" + bobsName);
        assertThat(name.pane(YOURS)).endsWith("\n" + alicesName);
        MergeField description = merge.field("description");
        assertThat(description.pane(ORIGINAL)).endsWith("\n" + DESCRIPTION.strip());
        assertThat(description.hunkTheirs(1)).isEqualTo(bobsLine);
        assertThat(description.hunkYours(1)).isEqualTo(alicesLine);
        assertNoInjectedElements(merge);
    }

    private static void assertNoInjectedElements(Page page) {
        assertThat(INJECTED).as("hooks of typed markup found on %s", page.path()).noneMatch(page::hasHook);
    }
}
