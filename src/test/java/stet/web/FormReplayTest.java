package stet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormReplayTest {

    @Test
    void what_will_be_sent_is_shown_by_label_without_the_forms_own_state() {
        List<FormReplay.Field> kept = List.of(new FormReplay.Field("version", "3"),
                new FormReplay.Field("version_token", "t"), new FormReplay.Field("idempotency_key", "k"),
                new FormReplay.Field("_fields", "name price"), new FormReplay.Field("merge_base", "2"),
                new FormReplay.Field("name", "Lamp"), new FormReplay.Field("price__conflict", "true"),
                new FormReplay.Field("price__yours", "3.50"), new FormReplay.Field("price__choice", "yours"),
                new FormReplay.Field("notes__remembered_1", "text"), new FormReplay.Field("notes__hunk_1", "theirs"),
                new FormReplay.Field("comment", "why"), new FormReplay.Field("other", "x"));

        List<FormReplay.Shown> shown = FormReplay.shown(kept, Map.of("name", "Name", "price", "Price", "notes", "Notes"));

        assertThat(shown).containsExactly(new FormReplay.Shown("Name", "Lamp"),
                new FormReplay.Shown("Price (yours)", "3.50"), new FormReplay.Shown("Price (choice)", "yours"),
                new FormReplay.Shown("Notes (hunk 1)", "theirs"), new FormReplay.Shown("Comment", "why"),
                new FormReplay.Shown("other", "x"));
    }

    @Test
    void the_error_pages_keep_the_same_state_hidden() {
        assertThat(List.of("version", "_csrf", "merge_kind", "price__conflict", "notes__remembered_2"))
                .allMatch(FormReplay::isState);
        assertThat(List.of("name", "price__yours", "notes__hunk_1", "comment", "conflict")).noneMatch(FormReplay::isState);
    }
}
