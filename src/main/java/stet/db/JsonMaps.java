package stet.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.JSONB;

/** Record values as stored in jsonb: one JSON object of strings, keys in a stable order. */
public final class JsonMaps {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {};

    private JsonMaps() {}

    public static JSONB toJsonb(Map<String, String> values) {
        try {
            return JSONB.valueOf(JSON.writeValueAsString(new TreeMap<>(values)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    public static Map<String, String> fromJsonb(JSONB json) {
        return fromJson(json.data());
    }

    /** {@link #fromJsonb} of the text of a jsonb value. */
    public static Map<String, String> fromJson(String json) {
        try {
            return java.util.Collections.unmodifiableMap(JSON.readValue(json, MAP));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored record data is not an object of strings", e);
        }
    }
}
