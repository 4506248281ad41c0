package stet.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.schema.Validation;
import stet.web.Format;
import stet.web.Html;

/**
 * What the record pages show per field, computed here once per field: the inputs of the
 * edit, create, merge and restore forms (each a map whose {@code html} entry is the input's
 * markup, inserted with {@code stet:html}; the other entries are for the form's error
 * summary) and the values of the record page and the delete confirmation.
 * Written in Java rather than as Thymeleaf fragments: OGNL's method calls and a fragment
 * per field were most of these pages' template time (docs/benchmarks.md, "Save path and pages").
 */
final class FieldInputs {

    /** The help of a field that merges by delta: what happens when two people change it at once. */
    static final String DELTA_HELP = "Changes made at the same time add up: if you add 2 while someone else adds 3,"
            + " the saved value goes up by 5.";

    private static final Format FORMAT = new Format();

    private FieldInputs() {}

    /**
     * Puts what {@code records/form.html} shows besides the record: the inputs, the notice
     * about the record as a whole ({@code errors} under "record"), whether any field
     * needs fixing, the comment and its message, and {@link #putFields}.
     */
    static void putForm(Map<String, Object> model, Collection collection, FormInput input) {
        Map<String, String> errors = input.errors();
        List<Map<String, Object>> inputs = of(collection, input.values(), errors);
        model.put("inputs", inputs);
        model.put("invalidInputs", inputs.stream().filter(i -> i.get("error") != null).toList());
        model.put("notice", errors.get("record"));
        model.put("fieldErrors", !(errors.isEmpty() || (errors.size() == 1 && errors.containsKey("record"))));
        model.put("commentError", errors.get("comment"));
        model.put("comment", input.comment());
        putFields(model, collection, input.removed());
    }

    /**
     * What every form of a record's values carries besides its inputs: the keys of the fields
     * it shows ({@code formFields}, posted as {@link Validation#FORM_FIELDS}, so that a field
     * removed while it is open is known), and what was typed into fields removed since the
     * last one was opened ({@code removedValues}: a list of key and value, null when none).
     */
    static void putFields(Map<String, Object> model, Collection collection, Map<String, String> removed) {
        model.put("formFields", String.join(" ", collection.fields().stream().map(FieldDef::key).toList()));
        model.put("removedValues", removed.isEmpty() ? null : List.copyOf(removed.entrySet()));
    }

    /** One input per field of {@code collection}, in field order, holding {@code values} and {@code errors}. */
    static List<Map<String, Object>> of(Collection collection, Map<String, String> values, Map<String, String> errors) {
        List<Map<String, Object>> inputs = new ArrayList<>(collection.fields().size());
        for (FieldDef field : collection.fields()) {
            inputs.add(of(field, values.get(field.key()), errors.get(field.key())));
        }
        return inputs;
    }

    /**
     * The record's values as the record page and the delete pages show them, the body of
     * their {@code <dl class="values">}: per field, in field order, the label, then the value
     * as {@link ValueHtml} writes it. Written in Java, escaped by {@link Html}: a fragment per
     * value, chosen by a switch, was two fifths of the record page's template time.
     */
    static Html shown(Collection collection, StoredRecord record) {
        return shown(collection, record, "value-");
    }

    /** {@link #shown(Collection, StoredRecord)}, each value's {@code <dd>} named by {@code testIdPrefix} and its key. */
    static Html shown(Collection collection, StoredRecord record, String testIdPrefix) {
        Html html = new Html();
        for (FieldDef field : collection.fields()) {
            html.element("dt", field.label()).open("dd", "data-testid", testIdPrefix + field.key());
            ValueHtml.write(html, field, record.value(field.key()));
            html.close("dd");
        }
        return html;
    }

    /**
     * The input of {@code field} holding {@code value} (or null), with {@code error} (or null):
     * its markup ({@code html}), and what the form's error summary links to it by (key, id,
     * label, error).
     */
    static Map<String, Object> of(FieldDef field, String value, String error) {
        Map<String, Object> input = new HashMap<>();
        input.put("key", field.key());
        input.put("id", "f-" + field.key());
        input.put("label", field.label());
        input.put("error", error);
        input.put("html", markup(field, value, error));
        return input;
    }

    /**
     * The input's markup, a {@code <div class="field">} with its label, its control chosen by
     * the field's type, its help and its message: written in Java, escaped by {@link Html}, as
     * the record page's values are; as a Thymeleaf fragment, with a case per type, it was most
     * of the edit form's template time, and the edit form is half of every form save's.
     */
    private static Html markup(FieldDef field, String value, String error) {
        String key = field.key();
        String id = "f-" + key;
        String help = field.delta() ? DELTA_HELP : null;
        // Screen readers announce the help and the message with the input: aria-describedby names both.
        String describedBy = help == null && error == null ? null
                : help == null ? id + "-error" : error == null ? id + "-help" : id + "-help " + id + "-error";
        String invalid = error == null ? null : "true";
        // Announced, not enforced: the HTML required attribute would stop the form in the browser, before the
        // server's answer with its error summary. A required yes/no field takes "no": its box need not be ticked.
        String required = field.required() && field.type() != FieldType.BOOLEAN ? "true" : null;
        Html html = new Html(512).open("div", "class", error == null ? "field" : "field has-error", "data-testid", "field-" + key);
        html.open("label", "for", id).element("span", field.label());
        if (field.required()) {
            html.element("span", "*", "class", "req", "title", "required");
        }
        html.close("label");
        switch (field.type()) {
            // HTML drops a newline right after <textarea>: Format.textarea adds one, so a value's own first one stays.
            case LONGTEXT -> html.element("textarea", FORMAT.textarea(value), "id", id, "aria-required", required,
                    "aria-invalid", invalid, "aria-describedby", describedBy, "name", key, "rows", "10");
            case CHOICE -> {
                html.open("select", "id", id, "aria-required", required, "aria-invalid", invalid,
                                "aria-describedby", describedBy, "name", key)
                        .element("option", "—", "value", "");
                for (String choice : field.choices()) {
                    html.element("option", choice, "value", choice, "selected", choice.equals(value) ? "selected" : null);
                }
                if (value != null && !value.isEmpty() && !field.choices().contains(value)) {
                    // Stored before the choice was removed: kept while the user leaves it, never emptied unseen.
                    html.element("option", value + " (no longer a choice)", "value", value, "selected", "selected");
                }
                html.close("select");
            }
            case BOOLEAN -> html.open("span", "class", "checkbox")
                    .open("input", "type", "hidden", "name", key, "value", "false")
                    .open("input", "type", "checkbox", "id", id, "aria-invalid", invalid, "aria-describedby", describedBy,
                            "name", key, "value", "true", "checked", "true".equals(value) ? "checked" : null)
                    .close("span");
            default -> html.open("input", "type", field.type() == FieldType.DATE ? "date" : "text",
                    "inputmode", field.type() == FieldType.NUMBER ? "decimal" : field.type() == FieldType.INTEGER ? "numeric" : null,
                    "id", id, "aria-required", required, "aria-invalid", invalid, "aria-describedby", describedBy,
                    "name", key,
                    // The value attribute is written even when empty, as Thymeleaf's th:value wrote it.
                    "value", value == null ? "" : value);
        }
        if (help != null) {
            html.element("p", help, "class", "help muted", "id", id + "-help");
        }
        if (error != null) {
            html.element("p", error, "class", "error", "id", id + "-error", "data-testid", "error-" + key);
        }
        return html.close("div");
    }
}
