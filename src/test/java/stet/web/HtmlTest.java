package stet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.StringTemplateResolver;
import org.unbescape.html.HtmlEscape;

class HtmlTest {

    private static final String HOSTILE = "<script>alert(\"x\")</script> & 'quoted'";

    @Test
    void text_and_attribute_values_are_escaped() {
        String html = new Html().element("td", HOSTILE, "title", HOSTILE, "href", "/a?b=1&c=2").toString();

        assertThat(html).isEqualTo("<td title=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;\""
                + " href=\"/a?b=1&amp;c=2\">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;</td>");
    }

    /**
     * Text as it comes: mostly ASCII with the five markup characters, runs of plain letters
     * (copied in one piece), control characters, accented and CJK letters, emoji (surrogate
     * pairs) and lone surrogates.
     */
    private static String generatedText(Random random) {
        String[] pieces = {"&", "<", ">", "\"", "'", "&amp;", "<>", "plain text ", "é", "\u00a0", "日本",
            "\uD83D\uDE00", "\uD800", "\uDC00", "\t", "\n", "\u0000", "\u007f", "=", "/", "`", "\u2028"};
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            if (random.nextInt(4) == 0) {
                text.append(pieces[random.nextInt(pieces.length)]);
            } else {
                text.append((char) random.nextInt(random.nextBoolean() ? 0x80 : 0x10000));
            }
        }
        return text.toString();
    }

    @Test
    void text_and_attribute_values_are_escaped_exactly_as_thymeleaf_escapes_th_text() {
        Random random = new Random(10);
        for (int i = 0; i < 20_000; i++) {
            String value = generatedText(random);
            String escaped = HtmlEscape.escapeHtml4Xml(value);

            assertThat(new Html().text(value).toString()).as("text %s", value).isEqualTo(escaped);
            assertThat(new Html().open("td", "title", value).toString()).as("attribute %s", value)
                    .isEqualTo("<td title=\"" + escaped + "\">");
        }
    }

    @Test
    void a_long_text_with_markup_characters_far_apart_keeps_every_character_between_them() {
        String plain = "x".repeat(100_000);
        String text = "<" + plain + "&" + plain + "'";

        assertThat(new Html().text(text).toString()).isEqualTo("&lt;" + plain + "&amp;" + plain + "&#39;");
    }

    @Test
    void an_attribute_whose_value_is_null_is_left_out_and_null_text_is_nothing() {
        String html = new Html().open("input", "type", "radio", "checked", null, "value", "3").text(null).toString();

        assertThat(html).isEqualTo("<input type=\"radio\" value=\"3\">");
    }

    @Test
    void names_that_are_not_plain_element_or_attribute_names_are_refused() {
        assertThatThrownBy(() -> new Html().open("td onclick=alert(1)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Html().open("td", "on\"click", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Html().open("td", "title")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String render(String template, Object value) {
        StringTemplateResolver resolver = new StringTemplateResolver();
        resolver.setTemplateMode(TemplateMode.HTML);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        engine.addDialect(new HtmlDialect());
        Context context = new Context();
        context.setVariables(Map.of("rows", value));
        return engine.process(template, context);
    }

    @Test
    void a_template_inserts_html_built_in_java_as_the_elements_body() {
        Html rows = new Html().open("tr").element("td", HOSTILE).close("tr");

        assertThat(render("<tbody stet:html=\"${rows}\">placeholder</tbody>", rows))
                .isEqualTo("<tbody><tr><td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;</td></tr></tbody>");
    }

    @Test
    void a_template_cannot_insert_a_string_unescaped() {
        assertThatThrownBy(() -> render("<tbody stet:html=\"${rows}\"></tbody>", HOSTILE))
                .hasRootCauseInstanceOf(TemplateProcessingException.class)
                .rootCause().hasMessageContaining("not java.lang.String");
    }
}
