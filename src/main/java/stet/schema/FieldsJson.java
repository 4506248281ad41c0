package stet.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** The JSON form of a field list, as stored in {@code collection.fields}. */
final class FieldsJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<FieldDef>> FIELDS = new TypeReference<>() {};

    private FieldsJson() {}

    static String write(List<FieldDef> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("field definitions are plain values", e);
        }
    }

    static List<FieldDef> read(String json) {
        try {
            return JSON.readValue(json, FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("collection.fields holds invalid JSON", e);
        }
    }
}
