package stet.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import stet.error.UnprocessableException;
import stet.schema.Collection;
import stet.schema.FieldDef;

/**
 * The values a write's body asks for, as texts by field key for validation: a create's or
 * a replace's (every field; one left out is empty) and a merge patch's (RFC 7396: the
 * values it starts from, with each named field set, or emptied by null). Unknown members
 * and fields, and values of the wrong JSON type, are one 422 with a message for each.
 */
final class Writes {

    private static final String INVALID = "The body does not fit the collection's fields. Nothing was changed.";

    private Writes() {}

    /** A create's or a PUT's values. */
    static Map<String, String> replacing(Collection collection, JsonNode body) {
        Map<String, String> errors = new LinkedHashMap<>();
        RecordJson.checkMembers(body, errors);
        JsonNode values = body.get(RecordJson.VALUES);
        Map<String, String> texts = Map.of();
        if (values == null || values.isNull()) {
            errors.put(RecordJson.VALUES, "Required: an object of values by field key.");
        } else {
            texts = RecordJson.texts(collection, values, errors);
        }
        if (!errors.isEmpty()) {
            throw new UnprocessableException(INVALID, errors);
        }
        return texts;
    }

    /** A merge patch's values: {@code from} (the values it applies to) with the patch applied. */
    static Map<String, String> patched(Collection collection, Map<String, String> from, JsonNode patch) {
        Map<String, String> errors = new LinkedHashMap<>();
        RecordJson.checkMembers(patch, errors);
        Map<String, String> texts = new LinkedHashMap<>();
        for (FieldDef field : collection.fields()) {
            texts.put(field.key(), from.getOrDefault(field.key(), ""));
        }
        JsonNode values = patch.get(RecordJson.VALUES);
        if (values != null && values.isNull()) {
            // RFC 7396: null removes the member, here every value.
            texts.replaceAll((key, value) -> "");
        } else if (values != null) {
            texts.putAll(RecordJson.texts(collection, values, errors));
        }
        if (!errors.isEmpty()) {
            throw new UnprocessableException(INVALID, errors);
        }
        return texts;
    }
}
