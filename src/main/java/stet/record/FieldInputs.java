package stet.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import stet.schema.Collection;
import stet.schema.FieldDef;

/**
 * What the record pages show per field, computed here once per field: the inputs of the
 * {@code input} fragment ({@code fragments.html}; the edit, create, merge and restore
 * forms) and the values of the record page. Templates read these as map entries, which
 * OGNL resolves cheaply, instead of calling methods on records: each such call costs OGNL
 * a reflective lookup and Thymeleaf an access check, and they were most of the edit
 * form's template time (docs/benchmarks.md, "Save path and pages").
 */
final class FieldInputs {

    /** The help of a field that merges by delta: what happens when two people change it at once. */
    static final String DELTA_HELP = "Changes made at the same time add up: if you add 2 while someone else adds 3,"
            + " the saved value goes up by 5.";

    private FieldInputs() {}

    /**
     * Puts what {@code records/form.html} shows besides the record: the inputs, the notice
     * about the record as a whole ({@code errors} under "record"), whether any field
     * needs fixing, and the comment's message.
     */
    static void putForm(Map<String, Object> model, Collection collection, Map<String, String> values,
            Map<String, String> errors) {
        List<Map<String, Object>> inputs = of(collection, values, errors);
        model.put("inputs", inputs);
        model.put("invalidInputs", inputs.stream().filter(i -> i.get("error") != null).toList());
        model.put("notice", errors.get("record"));
        model.put("fieldErrors", !(errors.isEmpty() || (errors.size() == 1 && errors.containsKey("record"))));
        model.put("commentError", errors.get("comment"));
    }

    /** One input per field of {@code collection}, in field order, holding {@code values} and {@code errors}. */
    static List<Map<String, Object>> of(Collection collection, Map<String, String> values, Map<String, String> errors) {
        List<Map<String, Object>> inputs = new ArrayList<>(collection.fields().size());
        for (FieldDef field : collection.fields()) {
            inputs.add(of(field, values.get(field.key()), errors.get(field.key())));
        }
        return inputs;
    }

    /** The record page's values: each field's label, test hook, definition and stored value, in field order. */
    static List<Map<String, Object>> shown(Collection collection, StoredRecord record) {
        List<Map<String, Object>> shown = new ArrayList<>(collection.fields().size());
        for (FieldDef field : collection.fields()) {
            Map<String, Object> value = new HashMap<>();
            value.put("label", field.label());
            value.put("testid", "value-" + field.key());
            value.put("field", field);
            value.put("value", record.value(field.key()));
            shown.add(value);
        }
        return shown;
    }

    /** The input of {@code field} holding {@code value} (or null), with {@code error} (or null). */
    static Map<String, Object> of(FieldDef field, String value, String error) {
        String key = field.key();
        Map<String, Object> input = new HashMap<>();
        input.put("key", key);
        input.put("id", "f-" + key);
        input.put("testid", "field-" + key);
        input.put("errorTestid", "error-" + key);
        input.put("label", field.label());
        input.put("required", field.required());
        input.put("type", field.type().id());
        input.put("value", value);
        input.put("checked", "true".equals(value));
        input.put("error", error);
        // Screen readers announce the help and the message with the input: aria-describedby names both.
        String help = field.delta() ? DELTA_HELP : null;
        input.put("help", help);
        input.put("helpId", input.get("id") + "-help");
        input.put("errorId", input.get("id") + "-error");
        input.put("invalid", error == null ? null : "true");
        List<String> describedBy = new ArrayList<>(2);
        if (help != null) {
            describedBy.add(input.get("helpId").toString());
        }
        if (error != null) {
            describedBy.add(input.get("errorId").toString());
        }
        input.put("describedBy", describedBy.isEmpty() ? null : String.join(" ", describedBy));
        List<Map<String, Object>> choices = new ArrayList<>(field.choices().size());
        for (String choice : field.choices()) {
            choices.add(Map.of("value", choice, "selected", choice.equals(value)));
        }
        input.put("choices", choices);
        return input;
    }
}
