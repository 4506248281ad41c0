package stet.record;

import java.util.Map;

/**
 * A record as a list shows it: only the columns the list has, never its long texts.
 *
 * @param id its id
 * @param version its version
 * @param values the canonical values of the listed fields by key; an absent key is empty
 */
public record ListedRecord(long id, int version, Map<String, String> values) {

    public ListedRecord {
        values = Map.copyOf(values);
    }

    public String value(String key) {
        return values.getOrDefault(key, "");
    }
}
