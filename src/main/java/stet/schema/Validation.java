package stet.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a submitted record against its collection's fields. The result keeps what
 * the user typed (to re-render the form), the canonical values (to save) and a message
 * per invalid field.
 */
public final class Validation {

    /**
     * @param input what the user typed, per field key, exactly (shown again on errors)
     * @param values canonical non-empty values, per field key (what is saved)
     * @param errors a message per invalid field key
     * @param removed what was typed into fields the form showed that the collection no longer
     *     has (an admin removed them while the form was open), per key: it cannot be saved,
     *     and is shown back rather than dropped unseen
     */
    public record Result(Map<String, String> input, Map<String, String> values, Map<String, String> errors,
            Map<String, String> removed) {

        /** A result of values no form showed, so none typed into a removed field. */
        public Result(Map<String, String> input, Map<String, String> values, Map<String, String> errors) {
            this(input, values, errors, Map.of());
        }

        public boolean ok() {
            return errors.isEmpty() && removed.isEmpty();
        }

        /**
         * This result without the removed fields' values that are as {@code shown} holds them (the
         * values of the version the form was opened at): left as the form showed them, nothing the
         * user typed, though someone changed them since.
         */
        public Result withoutRemovedAsShown(Map<String, String> shown) {
            return removed.isEmpty() ? this : new Result(input, values, errors, typedOver(removed, shown));
        }

        /** This result with {@code message} for {@code key} (a field's, or the form's "comment"). */
        public Result withError(String key, String message) {
            Map<String, String> more = new LinkedHashMap<>(errors);
            more.put(key, message);
            return new Result(input, values, more, removed);
        }
    }

    /**
     * The hidden form field that lists, space-separated, the keys of the fields a record form
     * showed: a key among them the collection no longer has is a field removed since the form
     * was opened (a name starting with "_" is no field's key).
     */
    public static final String FORM_FIELDS = "_fields";

    /** What a value with a NUL character is told. */
    static final String NUL_MESSAGE = "Contains a NUL character (\\0), which cannot be stored.";

    /** What a value with half of a UTF-16 pair is told (JSON's escapes can spell one; UTF-8 cannot hold it). */
    static final String HALF_CHARACTER_MESSAGE =
            "Contains half of a character (an unpaired UTF-16 surrogate, such as \\ud800), which cannot be stored.";

    private Validation() {}

    /**
     * Validates a form: {@code form} maps each posted name to its values (a checkbox
     * posts a hidden "false" and, when ticked, "true"). A field missing from the form
     * counts as empty.
     */
    public static Result validate(Collection collection, Map<String, List<String>> form) {
        return validate(collection, form, null);
    }

    /**
     * {@link #validate(Collection, Map)} of a form that edits a record whose values are
     * {@code stored}: a value posted back exactly as stored is kept as it is, whatever
     * today's rules say of it (a choice since removed, a bound since tightened, a field since
     * made required). Only what the user changed is checked: a value stored before the rules
     * changed neither blocks the save of other fields nor is emptied by it.
     */
    public static Result validate(Collection collection, Map<String, List<String>> form, Map<String, String> stored) {
        Map<String, String> input = new LinkedHashMap<>();
        for (FieldDef field : collection.fields()) {
            List<String> posted = form.getOrDefault(field.key(), List.of());
            String value;
            if (field.type() == FieldType.BOOLEAN) {
                value = posted.contains("true") ? "true" : posted.isEmpty() ? "" : posted.get(posted.size() - 1);
            } else {
                value = posted.isEmpty() ? "" : posted.get(0);
            }
            input.put(field.key(), value);
        }
        Result result = validateValues(collection, input, stored);
        Map<String, String> removed = typedIntoRemoved(collection, form, stored);
        return removed.isEmpty() ? result : new Result(result.input(), result.values(), result.errors(), removed);
    }

    /**
     * What {@code form} holds for fields it showed ({@link #FORM_FIELDS}) that {@code collection}
     * no longer has, where that differs from {@code stored} (null: a new record): what the user
     * typed there since the form was opened. A field left as it was loses nothing.
     */
    public static Map<String, String> typedIntoRemoved(Collection collection, Map<String, List<String>> form,
            Map<String, String> stored) {
        List<String> shown = form.getOrDefault(FORM_FIELDS, List.of());
        if (shown.isEmpty()) {
            return Map.of();
        }
        Map<String, String> typed = new LinkedHashMap<>();
        for (String key : shown.get(0).split(" ")) {
            List<String> posted = form.getOrDefault(key, List.of());
            if (!key.isEmpty() && !posted.isEmpty()) {
                // A checkbox posts a hidden "false", then "true" when ticked: the last value is what it says.
                typed.put(key, posted.get(posted.size() - 1));
            }
        }
        return givenToRemoved(collection, typed, stored);
    }

    /**
     * What {@code given} (values per key, read while the keys were fields) holds for keys
     * {@code collection} no longer has (an admin removed those fields since), where that differs
     * from {@code stored} (null: a new record): it cannot be saved, and would be lost unseen. A
     * value as stored, or an empty or "false" one where nothing or "false" is stored, loses nothing.
     */
    public static Map<String, String> givenToRemoved(Collection collection, Map<String, String> given,
            Map<String, String> stored) {
        Map<String, String> removed = new LinkedHashMap<>();
        given.forEach((key, value) -> {
            if (collection.field(key).isPresent()) {
                return;
            }
            String before = stored == null ? "" : stored.getOrDefault(key, "");
            if (!sameValue(value, before)) {
                removed.put(key, value);
            }
        });
        return removed;
    }

    /** Of {@code removed} (values per key), those that are not as {@code shown} holds them (see {@link #sameValue}). */
    public static Map<String, String> typedOver(Map<String, String> removed, Map<String, String> shown) {
        Map<String, String> typed = new LinkedHashMap<>();
        removed.forEach((key, value) -> {
            if (!sameValue(value, shown.getOrDefault(key, ""))) {
                typed.put(key, value);
            }
        });
        return typed;
    }

    /**
     * Whether a value given to a removed field is the stored one, however written: the field's
     * type is gone, so any type's reading counts (spaces around, CRLF line breaks, "+007" and
     * "7", "10.50" and "10.5", "yes" and "true"; empty and "false" as no).
     */
    private static boolean sameValue(String given, String stored) {
        String a = given.replace("\r\n", "\n").strip();
        String b = stored.replace("\r\n", "\n").strip();
        if (a.equals(b) || isNo(a) && isNo(b)) {
            return true;
        }
        for (FieldType type : List.of(FieldType.NUMBER, FieldType.BOOLEAN)) {
            try {
                if (type.canonical(a).equals(type.canonical(b))) {
                    return true;
                }
            } catch (FieldType.InvalidValue notOfType) {
                // Read as another type, or as text.
            }
        }
        return false;
    }

    /**
     * A yes/no field the record has no value for (it was written before the field was added),
     * given as "no": as the form showed it, so left alone, and left without a value rather than
     * written as a change nobody made.
     */
    private static boolean addedLaterAndLeftAlone(FieldDef field, String raw, Map<String, String> stored) {
        return field.type() == FieldType.BOOLEAN && stored.getOrDefault(field.key(), "").isEmpty() && isNo(raw);
    }

    /** Empty, or an unticked checkbox's "false". */
    private static boolean isNo(String value) {
        return value.isEmpty() || value.equals("false");
    }

    /** Validates values given as one string per field key. */
    public static Result validateValues(Collection collection, Map<String, String> input) {
        return validateValues(collection, input, null);
    }

    /** {@link #validateValues(Collection, Map)}, keeping values unchanged from {@code stored} as they are (null: none). */
    public static Result validateValues(Collection collection, Map<String, String> input, Map<String, String> stored) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldDef field : collection.fields()) {
            String raw = input.getOrDefault(field.key(), "");
            if (stored != null && raw.equals(stored.getOrDefault(field.key(), ""))) {
                // As stored, under whatever rules held then: the user left it alone.
                if (!raw.isEmpty()) {
                    values.put(field.key(), raw);
                }
                continue;
            }
            if (stored != null && addedLaterAndLeftAlone(field, raw, stored)) {
                continue;
            }
            try {
                String value = check(field, raw);
                if (value != null) {
                    values.put(field.key(), value);
                }
            } catch (FieldType.InvalidValue e) {
                errors.put(field.key(), e.getMessage());
            }
        }
        return new Result(Map.copyOf(input), values, errors);
    }

    /**
     * Why PostgreSQL cannot store {@code text}, if it cannot: a NUL character (text and jsonb
     * refuse it), or half of a UTF-16 pair (its UTF-8 has no such thing, and the driver would
     * write a '?' in its place).
     */
    public static Optional<String> unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return Optional.of(NUL_MESSAGE);
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return Optional.of(HALF_CHARACTER_MESSAGE);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code text} has more than {@code max} characters, counted as the minimum and
     * PostgreSQL count them: an emoji is one, though Java's length counts two. Every "at most
     * N characters" of stet (field values, comments) counts this way.
     */
    public static boolean longerThan(String text, int max) {
        return text.length() > max && text.codePointCount(0, text.length()) > max;
    }

    /** The canonical value, null for an empty optional field, or {@link FieldType.InvalidValue}. */
    static String check(FieldDef field, String raw) {
        // The web layer refuses NUL at the form boundary; this guards every other way in (the
        // API's JSON, seed data).
        Optional<String> unstorable = unstorable(raw);
        if (unstorable.isPresent()) {
            throw new FieldType.InvalidValue(unstorable.get());
        }
        FieldType type = field.type();
        if (type == FieldType.BOOLEAN && raw.isBlank()) {
            raw = "false";
        }
        boolean blank = type == FieldType.LONGTEXT ? raw.isEmpty() : raw.isBlank();
        if (blank) {
            if (field.required()) {
                throw new FieldType.InvalidValue("Required.");
            }
            return null;
        }
        if (type.boundsLength() && longerThan(raw, field.maxLength())) {
            throw new FieldType.InvalidValue("At most " + field.maxLength() + " characters.");
        }
        if (raw.length() > 100 && !type.boundsLength()) {
            throw new FieldType.InvalidValue("Too long for a " + type.id() + ".");
        }
        String value = type.canonical(raw);
        if (type == FieldType.CHOICE && !field.choices().contains(value)) {
            throw new FieldType.InvalidValue("Choose one of: " + String.join(", ", field.choices()) + ".");
        }
        if (type.boundsLength()) {
            int length = value.codePointCount(0, value.length());
            if (field.min() != null && length < Integer.parseInt(field.min())) {
                throw new FieldType.InvalidValue("At least " + field.min() + " characters.");
            }
        } else if (type.supportsBounds()) {
            if (field.min() != null && type.compare(value, field.min()) < 0) {
                throw new FieldType.InvalidValue("Must be at least " + field.min() + ".");
            }
            if (field.max() != null && type.compare(value, field.max()) > 0) {
                throw new FieldType.InvalidValue("Must be at most " + field.max() + ".");
            }
        }
        return value;
    }
}
