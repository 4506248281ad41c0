package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.e2e.Hooks.byTestId;
import static stet.e2e.User.BOB;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import stet.App;

/**
 * A CSV file imported in Chromium: chosen in the upload form, matched on SKU, previewed
 * (new, changed and invalid rows counted), applied without the invalid row while the
 * progress bar fills, and found in the list afterwards.
 */
@EndToEnd
class ImportIT {

    private static final int NEW_ROWS = 400;

    @Test
    void a_file_is_previewed_then_applied_while_the_progress_bar_fills(Browsers browsers, App app, @TempDir Path dir)
            throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("sku,name,quantity,price,description");
        // KIT-001 is in the demo inventory: matched on its SKU, the row changes its quantity.
        lines.add("KIT-001,Espresso machine,11,249.9,\"Dual boiler, 2.5 l water tank.\nImported.\"");
        for (int i = 1; i <= NEW_ROWS; i++) {
            lines.add(String.format("IMP-%04d,Imported lamp %d,%d,%d.5,A lamp.", i, i, i, i % 40));
        }
        lines.add("IMP-BAD,Broken row,many,1,");
        Path file = dir.resolve("lamps.csv");
        Files.writeString(file, String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
        Browser bob = browsers.logIn(BOB);

        bob.records("inventory");
        bob.clickAndWait(byTestId("import-link"), "import-page");
        ImportPages.Preview preview = new ImportPages.Upload(bob).choose(file, "sku").upload();

        assertThat(preview.state()).isEqualTo("ready");
        assertThat(preview.count("new")).isEqualTo(NEW_ROWS);
        assertThat(preview.count("changed")).isEqualTo(1);
        assertThat(preview.count("invalid")).isEqualTo(1);
        assertThat(preview.outcomeOf(2)).isEqualTo("changed");

        ImportPages.Preview applying = preview.apply();
        assertThat(applying.progress()[1]).isEqualTo(NEW_ROWS + 2);
        ImportPages.Preview done = applying.awaitDone(Duration.ofSeconds(60));

        assertThat(done.progress()).containsExactly(NEW_ROWS + 2, NEW_ROWS + 2);
        assertThat(bob.has(byTestId("rejected-csv"))).isTrue();
        assertThat(app.database().dsl().fetchCount(stet.db.jooq.Tables.RECORD,
                stet.db.jooq.Tables.RECORD.DATA.cast(String.class).like("%IMP-%"))).isEqualTo(NEW_ROWS);
        assertThat(bob.records("inventory").typeSearch("KIT-001").submitSearch().ids()).hasSize(1);
    }
}
