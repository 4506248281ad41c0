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

    private static Element select(String value) {
        String html = FieldInputs.of(STATUS, value, null).get("html").toString();
        return Jsoup.parseBodyFragment(html).selectFirst("select[name=status]");
    }
}
