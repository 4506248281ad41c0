package stet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which browser the suite drives: Chromium when installed, HtmlUnit otherwise, and never HtmlUnit on CI. */
class DriverChoiceTest {

    @TempDir
    Path dir;

    @Test
    void an_installed_chromium_is_used_on_ci_and_off_it() throws IOException {
        Path chromium = executable("chromium");
        Path chromedriver = executable("chromedriver");

        assertThat(Driver.useChromium(chromium, chromedriver, null)).isTrue();
        assertThat(Driver.useChromium(chromium, chromedriver, "true")).isTrue();
    }

    @Test
    void without_chromium_or_its_driver_a_developer_machine_falls_back_to_htmlunit() throws IOException {
        Path chromium = executable("chromium");

        assertThat(Driver.useChromium(chromium, dir.resolve("no-chromedriver"), null)).isFalse();
        assertThat(Driver.useChromium(dir.resolve("no-chromium"), executable("chromedriver"), "false")).isFalse();
    }

    @Test
    void without_chromium_ci_fails_instead_of_falling_back() {
        assertThatThrownBy(() -> Driver.useChromium(dir.resolve("no-chromium"), dir.resolve("no-chromedriver"), "true"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CI=true")
                .hasMessageContaining("chromium-driver");
    }

    private Path executable(String name) throws IOException {
        return Files.createFile(dir.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
}
