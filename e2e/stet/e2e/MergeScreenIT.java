package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.e2e.Hooks.byTestId;
import static stet.e2e.MergeField.Choice.KEEP_MINE;
import static stet.e2e.User.ALICE;
import static stet.e2e.User.BOB;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The merge page in one screen: at 1366×900, the example (two line conflicts
 * and a price conflict in a ten-line description) shows its first decision and the
 * sticky bar with Save without scrolling, and the bar stays in view while scrolling.
 */
@EndToEnd
class MergeScreenIT {

    private static final Logger LOG = LoggerFactory.getLogger(MergeScreenIT.class);

    /** Set {@code -Dstet.e2e.screenshot=/tmp/x.png} to keep a picture of the page (never committed). */
    static final String SCREENSHOT = System.getProperty("stet.e2e.screenshot", "");

    @Test
    void at_1366_by_900_the_first_decision_and_the_save_bar_show_without_scrolling(Browsers browsers) throws IOException {
        Browser alice = browsers.logIn(ALICE);
        Browser bob = browsers.logIn(BOB);
        viewport(alice, 1366, 900);
        MergePage merge = MergeResultIT.conflict(alice, bob, "SCREEN-1");

        MergePage.Box firstChoice = merge.box(merge.field("description").choice(1, KEEP_MINE));
        MergePage.Box save = merge.box(byTestId("resolve-button"));
        MergePage.Box counter = merge.box(byTestId("conflicts-left"));
        MergePage.Box result = merge.box(byTestId("result-preview"));
        LOG.info("merge page at 1366x900: first decision {}, save button {}, counter {}, result pane {}", firstChoice, save,
                counter, result);
        if (!SCREENSHOT.isEmpty()) {
            Files.write(Path.of(SCREENSHOT), ((TakesScreenshot) alice.web()).getScreenshotAs(OutputType.BYTES));
        }

        assertThat(firstChoice.windowHeight()).isEqualTo(900);
        assertThat(firstChoice.inWindow()).as("first decision %s", firstChoice).isTrue();
        assertThat(save.inWindow()).as("save button %s", save).isTrue();
        assertThat(counter.inWindow()).as("counter %s", counter).isTrue();
        assertThat(result.top()).as("result pane %s", result).isLessThan(900);
        assertThat(firstChoice.bottom()).as("the bar does not cover the first decision").isLessThan(save.top());

        merge.scrollToEnd();
        assertThat(merge.box(byTestId("resolve-button")).inWindow()).isTrue();
    }

    /** Sizes the window so that the page itself (the viewport) is {@code width}×{@code height}. */
    static void viewport(Browser browser, int width, int height) {
        WebDriver web = browser.web();
        web.manage().window().setSize(new Dimension(width, height));
        long innerWidth = (Long) browser.script("return window.innerWidth;");
        long innerHeight = (Long) browser.script("return window.innerHeight;");
        web.manage().window().setSize(new Dimension(2 * width - (int) innerWidth, 2 * height - (int) innerHeight));
        assertThat(browser.script("return [window.innerWidth, window.innerHeight];"))
                .asList().containsExactly(Long.valueOf(width), Long.valueOf(height));
    }
}
