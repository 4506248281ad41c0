package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import stet.schema.FieldDef;
import stet.schema.FieldType;

class FieldInputsTest {

    static final FieldDef STATUS = new FieldDef("status", "Status", FieldType.CHOICE, false, false, null, null, false,
            List.of("open", "done"));

    @Test
    void a_stored_value_no_longer_a_choice_stays_selected_so_the_form_posts_it_back() {
        Element select = select("archived");

        assertThat(select.select("option[selected]")).hasSize(1);
        assertThat(select.selectFirst("option[selected]").val()).isEqualTo("archived");
        assertThat(select.selectFirst("option[selected]").text()).isEqualTo("archived (no longer a choice)");
    }

    @Test
    void a_choice_is_selected_among_the_choices_alone() {
        Element select = select("done");

        assertThat(select.select("option")).extracting(Element::val).containsExactly("", "open", "done");
        assertThat(select.selectFirst("option[selected]").val()).isEqualTo("done");
        assertThat(select("").select("option[selected]")).isEmpty();
    }

    @Test
    void a_required_input_is_announced_as_required_and_left_to_the_server_to_refuse() {
        FieldDef name = new FieldDef("name", "Name", FieldType.TEXT, true, false, null, null, false, List.of());
        FieldDef notes = new FieldDef("notes", "Notes", FieldType.LONGTEXT, false, false, null, null, false, List.of());
        FieldDef done = new FieldDef("done", "Done", FieldType.BOOLEAN, true, false, null, null, false, List.of());

        Element required = input(name, "#f-name");
        assertThat(required.attr("aria-required")).isEqualTo("true");
        // Not the required attribute: the browser would stop the form, and the error summary never show.
        assertThat(required.hasAttr("required")).isFalse();
        assertThat(input(notes, "#f-notes").hasAttr("aria-required")).isFalse();
        // A required yes/no field takes "no": the box need not be ticked.
        assertThat(input(done, "#f-done").hasAttr("aria-required")).isFalse();
    }

    private static Element input(FieldDef field, String selector) {
        return Jsoup.parseBodyFragment(FieldInputs.of(field, "", null).get("html").toString()).selectFirst(selector);
    }

    private static Element select(String value) {
        String html = FieldInputs.of(STATUS, value, null).get("html").toString();
        return Jsoup.parseBodyFragment(html).selectFirst("select[name=status]");
    }
}
