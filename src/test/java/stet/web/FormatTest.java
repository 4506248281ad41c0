package stet.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatTest {

    final Format format = new Format();

    @Test
    void textarea_content_survives_the_html_parser_eating_one_leading_newline() {
        assertThat(format.textarea("\nstarts blank")).isEqualTo("\n\nstarts blank");
        assertThat(format.textarea(null)).isEqualTo("\n");
    }

    @Test
    void booleans_read_as_yes_and_no_and_no_value_as_no() {
        assertThat(format.yesNo("true")).isEqualTo("Yes");
        assertThat(format.yesNo("false")).isEqualTo("No");
        // A yes/no field added after the record was written: its form shows it unticked.
        assertThat(format.yesNo("")).isEqualTo("No");
        assertThat(format.yesNo(null)).isEqualTo("No");
    }
}
