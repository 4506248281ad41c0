package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.e2e.User.ADMIN;
import static stet.e2e.User.BOB;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chromium.HasCdp;

/**
 * Scenario 7: an admin compares versions, reverts to an older one and undoes a middle
 * change; an editor may not. Versions are picked with the history's radios, times read
 * "… ago" with the exact time in the viewer's zone, and the audit log names what changed.
 */
@EndToEnd
class AdminHistoryIT {

    @Test
    void an_admin_compares_versions_reverts_to_an_older_one_and_undoes_a_middle_change(Browsers browsers) {
        Browser admin = browsers.logIn(ADMIN);
        Browser bob = browsers.logIn(BOB);
        long id = Inventory.create(bob, "HISTORY-1").id(); // version 1
        bob.edit(id).set("price", "25").save(); // 2: the middle change to undo
        String description = Inventory.DESCRIPTION.replace("Line four", "Line four, by the admin");
        admin.edit(id).set("description", description).save(); // 3: the version to revert to
        bob.edit(id).set("name", "Kettle HISTORY-1, renamed by Bob").save(); // 4

        ComparePage compare = admin.history(id).compare(1, 4);
        assertThat(compare.from()).isEqualTo(1);
        assertThat(compare.to()).isEqualTo(4);
        assertThat(compare.changedFields()).containsExactly("name", "description", "price");
        assertThat(compare.label("price")).isEqualTo("Price");
        assertThat(compare.deleted("price")).containsExactly("20");
        assertThat(compare.inserted("price")).containsExactly("25");

        RevisionPage three = admin.history(id).view(3);
        assertThat(three.value("name")).isEqualTo("Kettle HISTORY-1");
        RevertPreview revert = three.revert();
        assertThat(revert.target()).isEqualTo(3);
        RecordPage reverted = revert.confirm();

        assertThat(reverted.flash()).hasValue(new Page.Flash("Saved version 5.", "success", null));
        assertThat(reverted.value("name")).isEqualTo("Kettle HISTORY-1");
        assertThat(reverted.value("price")).isEqualTo("25");
        assertThat(reverted.value("description")).isEqualTo(description.strip());

        UndoPreview undo = admin.history(id).view(2).undo();
        assertThat(undo.target()).isEqualTo(2);
        RecordPage undone = undo.confirm();

        assertThat(undone.flash()).hasValue(new Page.Flash("Saved version 6.", "success", null));
        assertThat(undone.value("price")).isEqualTo("20");
        assertThat(undone.value("name")).isEqualTo("Kettle HISTORY-1");
        assertThat(undone.value("description")).isEqualTo(description.strip());
        assertThat(undone.history().rows()).extracting(HistoryPage.Row::kind)
                .containsExactly("undo", "revert", "update", "update", "update", "create");
    }

    @Test
    void an_editor_gets_403_on_the_revert_url_and_nothing_changes(Browsers browsers) {
        Browser bob = browsers.logIn(BOB);
        long id = Inventory.create(bob, "HISTORY-2").id();
        bob.edit(id).set("price", "30").save();
        RevisionPage first = bob.history(id).view(1);
        assertThat(first.offersRevert()).isFalse();
        assertThat(first.offersUndo()).isFalse();

        ErrorPage forbidden = bob.error("/records/" + id + "/revert/1");

        assertThat(forbidden.status()).isEqualTo(403);
        RecordPage record = bob.record(id);
        assertThat(record.version()).isEqualTo(2);
        assertThat(record.value("price")).isEqualTo("30");
    }

    @Test
    void an_editor_picks_two_versions_with_the_radios_and_reads_times_in_their_own_zone(Browsers browsers) {
        Browser bob = browsers.logIn(BOB);
        ZoneId zone = useZone(bob, "Asia/Tokyo");
        long id = Inventory.create(bob, "HISTORY-3").id(); // 1
        bob.edit(id).set("price", "25").save(); // 2
        bob.edit(id).set("quantity", "12").save(); // 3
        bob.edit(id).set("category", "Office").save(); // 4

        HistoryPage history = bob.history(id);
        assertThat(history.selectedFrom()).hasValue(3);
        assertThat(history.selectedTo()).hasValue(4);
        assertThat(history.changedFields(2)).isEqualTo("Price");
        assertThat(history.changedFields(4)).isEqualTo("Category");
        history.pickFrom(1);
        history.pickTo(2);
        // Only pairs that can be compared are offered: no "from" at or after the chosen "to".
        assertThat(history.offersFrom(1)).isTrue();
        assertThat(history.offersFrom(2)).isFalse();
        assertThat(history.offersFrom(3)).isFalse();
        assertThat(history.offersTo(3)).isTrue();

        When created = history.when(1);
        Instant at = Instant.parse(created.datetime());
        assertThat(Duration.between(at, Instant.now()).abs()).isLessThan(Duration.ofMinutes(10));
        assertThat(created.text()).matches("just now|\\d+ minutes? ago");
        assertThat(zone.getRules().getOffset(at).getTotalSeconds()).as("a zone that is not UTC, so the title must change")
                .isNotZero();
        assertThat(created.title()).isEqualTo(local(at, zone)).doesNotEndWith(" UTC");

        ComparePage compare = history.compare(1, 2);
        assertThat(compare.from()).isEqualTo(1);
        assertThat(compare.to()).isEqualTo(2);
        assertThat(compare.changedFields()).containsExactly("price");
        // A number is replaced whole, not diffed digit by digit.
        assertThat(compare.deleted("price")).containsExactly("20");
        assertThat(compare.inserted("price")).containsExactly("25");

        bob.visit("/records/" + id + "/compare?from=4&to=2");
        assertThat(new HistoryPage(bob).compareError())
                .hasValue("Version 4 is newer than version 2. Choose the older version under From and the newer one under To.");
    }

    @Test
    void the_audit_log_names_the_record_and_its_fields_and_links_to_the_change(Browsers browsers) {
        Browser admin = browsers.logIn(ADMIN);
        long id = Inventory.create(admin, "HISTORY-4").id();
        admin.edit(id).set("category", "Office").set("price", "22.5").save();
        admin.record(id);

        AuditPage audit = AuditPage.open(admin);
        assertThat(audit.recordName(id, 2)).isEqualTo("Kettle HISTORY-4");
        assertThat(audit.changedFields(id, 2)).isEqualTo("Price, Category");
        assertThat(audit.rowText(id, 2)).contains("Inventory").doesNotContain("#" + id);
        assertThat(audit.when(id, 2).text()).matches("just now|\\d+ minutes? ago");
        ComparePage changes = audit.changes(id, 2);
        assertThat(changes.from()).isEqualTo(1);
        assertThat(changes.to()).isEqualTo(2);
        assertThat(changes.inserted("price")).containsExactly("22.5");
    }

    /**
     * Puts the browser in {@code zone} where it can be (Chromium, through DevTools), and
     * returns the zone the page's scripts see: HtmlUnit keeps its own.
     */
    static ZoneId useZone(Browser browser, String zone) {
        if (browser.web() instanceof HasCdp) {
            ((HasCdp) browser.web()).executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", zone));
        }
        return ZoneId.of((String) browser.script("return Intl.DateTimeFormat().resolvedOptions().timeZone;"));
    }

    /** The exact time as static/history.js writes it: "2026-11-26 12:49 UTC+9". */
    static String local(Instant instant, ZoneId zone) {
        ZonedDateTime at = instant.atZone(zone);
        int minutes = at.getOffset().getTotalSeconds() / 60;
        String offset = minutes == 0 ? "UTC" : "UTC" + (minutes > 0 ? "+" : "-") + Math.abs(minutes) / 60
                + (minutes % 60 == 0 ? "" : String.format(":%02d", Math.abs(minutes) % 60));
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(at) + " " + offset;
    }
}
