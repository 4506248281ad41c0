package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteChecksTest {

    /** One character outside the BMP: two UTF-16 units. */
    private static final String ASTRAL = "\uD835\uDD18";

    @Test
    void a_comments_limit_counts_characters_not_utf16_units() {
        assertThat(WriteChecks.commentProblem(ASTRAL.repeat(WriteChecks.MAX_COMMENT))).isEmpty();
        assertThat(WriteChecks.commentProblem(ASTRAL.repeat(WriteChecks.MAX_COMMENT + 1)))
                .contains(WriteChecks.COMMENT_TOO_LONG);
        assertThat(WriteChecks.commentProblem("x".repeat(WriteChecks.MAX_COMMENT + 1))).contains(WriteChecks.COMMENT_TOO_LONG);
        assertThat(WriteChecks.comment(ASTRAL.repeat(WriteChecks.MAX_COMMENT))).hasSize(2 * WriteChecks.MAX_COMMENT);
    }
}
