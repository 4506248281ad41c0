package stet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import stet.support.JavaProcess;

/**
 * stet's own log lines are written whatever default level the launcher set. {@code mvn -q
 * compile exec:java} runs stet inside Maven's JVM after Maven has set
 * {@code org.slf4j.simpleLogger.defaultLogLevel=error} for its quiet mode: without a level of
 * their own, the request lines and stet's warnings vanished there.
 */
class LogLevelsTest {

    /** Run in a JVM of its own: SLF4J's simple logger reads its levels once. */
    public static final class Probe {
        public static void main(String[] args) {
            RequestLog.toSlf4j().write("id=probe method=GET route=/health status=200 ms=1.0 user=-");
            LoggerFactory.getLogger("stet.live.LiveHub").warn("probe warning");
            LoggerFactory.getLogger("org.eclipse.jetty.server.Server").info("jetty chatter");
        }
    }

    @Test
    void request_lines_and_warnings_are_written_when_the_launcher_quiets_the_default_level() throws Exception {
        String err = run("-Dorg.slf4j.simpleLogger.defaultLogLevel=error");
        assertThat(err).contains("INFO stet.request - id=probe method=GET route=/health")
                .contains("WARN stet.live.LiveHub - probe warning")
                .doesNotContain("jetty chatter");
    }

    @Test
    void an_operator_can_still_leave_out_the_request_lines() throws Exception {
        String err = run("-Dorg.slf4j.simpleLogger.log.stet.request=warn");
        assertThat(err).doesNotContain("stet.request").contains("WARN stet.live.LiveHub - probe warning");
    }

    private static String run(String property) throws IOException, InterruptedException {
        Process process = JavaProcess.of(Probe.class, property)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe ended").isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        return err;
    }
}
