package stet.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import stet.error.UnprocessableException;
import stet.record.Revision;
import stet.record.StoredRecord;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;

/**
 * The record's JSON shape, both ways. Out: values typed by their field (numbers as JSON
 * numbers, exact; booleans as true/false; dates as "YYYY-MM-DD"; texts as strings; an
 * empty value as null). In: each JSON value checked for its field's JSON type and turned
 * into the text stet's validation reads ({@link stet.schema.Validation}), so the API and
 * the form accept exactly the same values.
 */
final class RecordJson {

    /** Members of a record's representation that a client cannot set; sent back in a PUT, they are ignored. */
    static final Set<String> READ_ONLY = Set.of("id", "collection", "version", "deleted", "updatedAt", "updatedBy");
    /** Members a write reads. */
    static final String VALUES = "values";
    static final String COMMENT = "comment";

    /** Longer than any number validation accepts (30 digits either side of the point): refused before it is written out. */
    private static final int MAX_NUMBER_SCALE = 40;
    private static final String OUT_OF_RANGE = FieldType.DECIMAL_OUT_OF_RANGE;

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private RecordJson() {}

    /** A record: id, collection, version, deleted, updatedAt, updatedBy, values. */
    static ObjectNode record(StoredRecord record, Collection collection) {
        ObjectNode json = NODES.objectNode();
        json.put("id", record.id());
        json.put("collection", collection.slug());
        json.put("version", record.version());
        json.put("deleted", record.deleted());
        json.put("updatedAt", record.updatedAt() == null ? null : record.updatedAt().toInstant().toString());
        json.put("updatedBy", record.updatedBy());
        json.set(VALUES, values(collection, record.data()));
        return json;
    }

    /** The values of the collection's fields, typed, in the definition's order. */
    static ObjectNode values(Collection collection, Map<String, String> data) {
        ObjectNode values = NODES.objectNode();
        for (FieldDef field : collection.fields()) {
            values.set(field.key(), value(field, field.valueIn(data)));
        }
        return values;
    }

    /**
     * One stored (canonical) value as JSON. A value that does not read as its type (kept
     * from a field of another type that had the same key) is given as the string it is.
     */
    static JsonNode value(FieldDef field, String stored) {
        if (stored == null || stored.isEmpty()) {
            return NODES.nullNode();
        }
        try {
            switch (field.type()) {
                case NUMBER:
                    // Only what the field accepts: BigDecimal also reads "1e10000", which the
                    // mapper would write out as ten thousand digits, or refuse to (a 500).
                    field.type().canonical(stored);
                    return NODES.numberNode(new BigDecimal(stored));
                case INTEGER:
                    return NODES.numberNode(Long.parseLong(stored));
                case BOOLEAN:
                    if (stored.equals("true") || stored.equals("false")) {
                        return NODES.booleanNode(stored.equals("true"));
                    }
                    return NODES.textNode(stored);
                default:
                    return NODES.textNode(stored);
            }
        } catch (NumberFormatException | FieldType.InvalidValue e) {
            return NODES.textNode(stored);
        }
    }

    /** One revision as a history lists it (without values). */
    static ObjectNode revision(Revision revision) {
        ObjectNode json = NODES.objectNode();
        json.put("version", revision.version());
        json.put("kind", revision.kind().dbName());
        json.put("author", revision.authorName());
        json.put("createdAt", revision.createdAt() == null ? null : revision.createdAt().toInstant().toString());
        json.put("baseVersion", revision.baseVersion());
        json.put("mergedVersion", revision.mergedVersion());
        json.put("comment", revision.comment());
        ArrayNode changed = json.putArray("changedFields");
        revision.changedFields().forEach(changed::add);
        return json;
    }

    /** A collection's definition: its fields with their types, bounds and choices. */
    static ObjectNode collection(Collection collection) {
        ObjectNode json = summary(collection);
        json.put("confirmMerges", collection.confirmMerges());
        json.put("exclusiveLeases", collection.leasing().exclusive());
        ArrayNode fields = json.putArray("fields");
        for (FieldDef f : collection.fields()) {
            ObjectNode field = fields.addObject();
            field.put("key", f.key());
            field.put("label", f.label());
            field.put("type", f.type().id());
            field.put("required", f.required());
            field.put("unique", f.unique());
            field.set("min", bound(f, f.min()));
            field.set("max", bound(f, f.max()));
            field.put("delta", f.delta());
            ArrayNode choices = field.putArray("choices");
            f.choices().forEach(choices::add);
        }
        return json;
    }

    /** A collection as the list of collections names it. */
    static ObjectNode summary(Collection collection) {
        ObjectNode json = NODES.objectNode();
        json.put("slug", collection.slug());
        json.put("name", collection.name());
        json.put("version", collection.version());
        json.put("records", "/api/v1/collections/" + collection.slug() + "/records");
        return json;
    }

    /** A bound: a length (a number) for texts, a value of the field's type otherwise. */
    private static JsonNode bound(FieldDef field, String bound) {
        if (bound == null) {
            return NODES.nullNode();
        }
        if (field.type().boundsLength()) {
            return NODES.numberNode(Long.parseLong(bound));
        }
        return value(field, bound);
    }

    /**
     * The values of a write's {@code values} object as texts for validation, per field key;
     * a key the object does not have is absent. A null is an empty value.
     *
     * @param errors gets a message per unknown key and per value of the wrong JSON type
     */
    static Map<String, String> texts(Collection collection, JsonNode values, Map<String, String> errors) {
        Map<String, String> texts = new LinkedHashMap<>();
        if (!values.isObject()) {
            errors.put(VALUES, "Must be a JSON object of values by field key.");
            return texts;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldDef field = collection.field(e.getKey()).orElse(null);
            if (field == null) {
                errors.put(e.getKey(), "Unknown field: " + collection.name() + " has no field '" + e.getKey() + "'.");
                continue;
            }
            try {
                texts.put(field.key(), text(field, e.getValue()));
            } catch (WrongType wrong) {
                errors.put(field.key(), wrong.getMessage());
            }
        }
        return texts;
    }

    /** One JSON value as the text validation reads: null is empty; its JSON type must be the field's. */
    static String text(FieldDef field, JsonNode value) {
        if (value.isNull()) {
            return "";
        }
        switch (field.type()) {
            case NUMBER:
                String decimal = number(value, "Must be a JSON number, such as 12 or 12.5.");
                // A JSON number too long for the field is out of range, not "not a number" (the form's pattern says so).
                int point = decimal.indexOf('.');
                int before = (point < 0 ? decimal.length() : point) - (decimal.startsWith("-") ? 1 : 0);
                if (before > FieldType.MAX_DECIMAL_DIGITS || point >= 0 && decimal.length() - point - 1 > FieldType.MAX_DECIMAL_DIGITS) {
                    throw new WrongType(OUT_OF_RANGE);
                }
                return decimal;
            case INTEGER:
                String number = number(value, "Must be a whole JSON number, such as 12.");
                if (number.indexOf('.') >= 0) {
                    throw new WrongType("Must be a whole number, such as 12.");
                }
                return number;
            case BOOLEAN:
                if (!value.isBoolean()) {
                    throw new WrongType("Must be true or false.");
                }
                return Boolean.toString(value.booleanValue());
            case DATE:
                if (!value.isTextual()) {
                    throw new WrongType("Must be a date as a \"YYYY-MM-DD\" string.");
                }
                return value.textValue();
            default:
                if (!value.isTextual()) {
                    throw new WrongType("Must be a JSON string.");
                }
                return value.textValue();
        }
    }

    /** A JSON number as plain decimal text; exact (never through a double). */
    private static String number(JsonNode value, String message) {
        if (!value.isNumber()) {
            throw new WrongType(message);
        }
        BigDecimal decimal = value.decimalValue();
        // Zeros after the last digit are none of the value's digits (10.000 is 10), as the form reads it. Stripping
        // takes a division per zero; Jackson reads no number written with more than 1,000 characters.
        BigDecimal stripped = decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
        // 1e999999 is short to send but a million digits to write out.
        if (Math.abs(stripped.scale()) > MAX_NUMBER_SCALE || stripped.precision() > MAX_NUMBER_SCALE * 2) {
            throw new WrongType(OUT_OF_RANGE);
        }
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }

    /**
     * The members of a write's body other than {@code values} and {@code comment}: the
     * read-only ones are ignored (a record fetched, edited and sent back is a valid PUT),
     * any other is an error. A body that is no object is one error.
     */
    static void checkMembers(JsonNode body, Map<String, String> errors) {
        if (!body.isObject()) {
            throw new UnprocessableException("The body must be a JSON object with the record's \"values\". Nothing was changed.",
                    Map.of());
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals(VALUES) && !name.equals(COMMENT) && !READ_ONLY.contains(name)) {
                errors.put(name, "Unknown member: a write reads \"values\" and \"comment\".");
            }
        }
        JsonNode comment = body.get(COMMENT);
        if (comment != null && !comment.isNull() && !comment.isTextual()) {
            errors.put(COMMENT, "Must be a JSON string.");
        }
    }

    /** The comment of a write's body, or null. */
    static String comment(JsonNode body) {
        JsonNode comment = body.get(COMMENT);
        return comment == null || !comment.isTextual() ? null : comment.textValue();
    }

    /** Texts by field key as the form map the record service validates. */
    static Map<String, List<String>> form(Map<String, String> texts) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        texts.forEach((key, value) -> form.put(key, List.of(value)));
        return form;
    }

    /** A JSON value of the wrong type for its field. */
    static final class WrongType extends RuntimeException {
        WrongType(String message) {
            super(message, null, false, false);
        }
    }
}
