package stet.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A collection definition as posted by the editor form, and its validation. Field rows
 * are posted as {@code field_N_key}, {@code field_N_label}, {@code field_N_type},
 * {@code field_N_required}, {@code field_N_unique}, {@code field_N_min},
 * {@code field_N_max}, {@code field_N_delta}, {@code field_N_choices} (one per line)
 * and {@code field_N_remove}; rows with an empty key are ignored. Errors are keyed by
 * the same names, so the form can show each next to its input.
 *
 * @param name the collection's name
 * @param slug its URL name (fixed once created)
 * @param confirmMerges whether clean automatic merges wait for the user's confirmation
 * @param exclusive whether only a record's lease holder may save it
 * @param leaseMinutes how long a lease lasts, as typed
 * @param rows the field rows in the order posted
 */
public record CollectionForm(String name, String slug, boolean confirmMerges, boolean exclusive, String leaseMinutes,
        List<Row> rows) {

    /** One field row, exactly as typed. */
    public record Row(
            int index, String key, String label, String type, boolean required, boolean unique,
            String min, String max, boolean delta, String choices, boolean existing, boolean remove) {

        String name(String part) {
            return "field_" + index + "_" + part;
        }
    }

    /**
     * One line of the editor's error summary.
     *
     * @param key the error's key ({@code data-field})
     * @param target the id of the element it links to: the input named by the key, or the fields' table
     * @param text what it says
     */
    public record SummaryLine(String key, String target, String text) {}

    /** A row's error key: {@code field_N_PART}. */
    private static final Pattern ROW_ERROR = Pattern.compile("field_(\\d+)_(\\w+)");

    /**
     * The error summary of {@code errors}, in their order: a row's problem names its row as
     * people count them, from 1, though the form's names count from 0 ("Field row 1, key: …").
     */
    public static List<SummaryLine> summary(Map<String, String> errors) {
        List<SummaryLine> lines = new ArrayList<>(errors.size());
        errors.forEach((key, message) -> {
            Matcher row = ROW_ERROR.matcher(key);
            String text = row.matches()
                    ? "Field row " + (Integer.parseInt(row.group(1)) + 1) + ", " + row.group(2) + ": " + message
                    : message;
            lines.add(new SummaryLine(key, key.equals("fields") ? "fields-table" : key, text));
        });
        return lines;
    }

    /** A valid definition, or the messages that say why not. */
    public record Checked(List<FieldDef> fields, Leasing leasing, Map<String, String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /**
     * Names the record forms and the merge page post for themselves (docs/stable-surface.md);
     * a field under one of them could never be saved, so no field may take them.
     */
    public static final Set<String> RESERVED_KEYS = Set.of(
            "version", "version_token", "_csrf", "comment", "idempotency_key", "merge_base", "merge_kind");

    /** The merge page posts {@code {key}__yours}, {@code {key}__choice}, …: a key containing it would collide. */
    public static final String RESERVED_SEPARATOR = "__";

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final int MAX_FIELDS = 100;
    static final int MAX_ROWS = 200;

    /** Reads the form; a missing row index ends the list. */
    public static CollectionForm parse(Map<String, List<String>> form) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < MAX_ROWS; i++) {
            String prefix = "field_" + i + "_";
            if (!form.containsKey(prefix + "key")) {
                break;
            }
            rows.add(new Row(
                    i,
                    first(form, prefix + "key").strip(),
                    first(form, prefix + "label").strip(),
                    first(form, prefix + "type"),
                    checked(form, prefix + "required"),
                    checked(form, prefix + "unique"),
                    first(form, prefix + "min").strip(),
                    first(form, prefix + "max").strip(),
                    checked(form, prefix + "delta"),
                    first(form, prefix + "choices"),
                    checked(form, prefix + "existing"),
                    checked(form, prefix + "remove")));
        }
        return new CollectionForm(first(form, "name").strip(), first(form, "slug").strip().toLowerCase(Locale.ROOT),
                checked(form, "confirm_merges"), checked(form, "exclusive"), first(form, "lease_minutes").strip(), rows);
    }

    /** The rows a form shows for an existing definition, plus {@code blank} empty rows. */
    public static CollectionForm of(String name, String slug, boolean confirmMerges, List<FieldDef> fields, int blank) {
        return of(name, slug, confirmMerges, Leasing.DEFAULT, fields, blank);
    }

    /** The form of a saved collection, plus {@code blank} empty rows. */
    public static CollectionForm of(Collection collection, int blank) {
        return of(collection.name(), collection.slug(), collection.confirmMerges(), collection.leasing(),
                collection.fields(), blank);
    }

    /** The rows a form shows for a definition, plus {@code blank} empty rows. */
    public static CollectionForm of(String name, String slug, boolean confirmMerges, Leasing leasing,
            List<FieldDef> fields, int blank) {
        List<Row> rows = new ArrayList<>();
        for (FieldDef f : fields) {
            rows.add(new Row(rows.size(), f.key(), f.label(), f.type().id(), f.required(), f.unique(),
                    f.min() == null ? "" : f.min(), f.max() == null ? "" : f.max(), f.delta(),
                    String.join("\n", f.choices()), true, false));
        }
        return withBlankRows(new CollectionForm(name, slug, confirmMerges, leasing.exclusive(),
                String.valueOf(leasing.minutes()), rows), blank);
    }

    /** The same form with {@code count} more empty rows, to add fields without JavaScript. */
    public static CollectionForm withBlankRows(CollectionForm form, int count) {
        List<Row> rows = new ArrayList<>(form.rows());
        for (int i = 0; i < count; i++) {
            rows.add(new Row(rows.size(), "", "", "text", false, false, "", "", false, "", false, false));
        }
        return new CollectionForm(form.name(), form.slug(), form.confirmMerges(), form.exclusive(), form.leaseMinutes(), rows);
    }

    /** The leasing asked for; a bad length of lease is an error under {@code lease_minutes}. */
    private Leasing leasing(Map<String, String> errors) {
        String typed = leaseMinutes == null ? "" : leaseMinutes;
        if (typed.isEmpty()) {
            return new Leasing(exclusive, Leasing.DEFAULT.minutes());
        }
        try {
            int minutes = Integer.parseInt(typed);
            if (minutes >= Leasing.MIN_MINUTES && minutes <= Leasing.MAX_MINUTES) {
                return new Leasing(exclusive, minutes);
            }
        } catch (NumberFormatException e) {
            // Not a whole number: said below.
        }
        errors.put("lease_minutes", "A lease lasts a whole number of minutes from " + Leasing.MIN_MINUTES + " to "
                + Leasing.MAX_MINUTES + " (a day).");
        return new Leasing(exclusive, Leasing.DEFAULT.minutes());
    }

    /** Checks the slug of a new collection. */
    public String slugProblem() {
        return SLUG.matcher(slug).matches() ? null : "Use 1 to 63 lower-case letters, digits or '-'.";
    }

    /**
     * Checks the definition. {@code previous} is the saved definition (empty for a new
     * collection): the type of an existing field cannot change, since stored values
     * would stop matching it.
     */
    public Checked check(List<FieldDef> previous) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (name.isEmpty() || Validation.longerThan(name, 200)) {
            errors.put("name", "A name is required (at most 200 characters).");
        } else {
            Validation.unstorable(name).ifPresent(problem -> errors.put("name", problem));
        }
        Map<String, FieldDef> before = new LinkedHashMap<>();
        previous.forEach(f -> before.put(f.key(), f));
        List<FieldDef> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Row row : rows) {
            if (row.key().isEmpty() || row.remove()) {
                continue;
            }
            FieldDef field = checkRow(row, before.get(row.key()), errors);
            if (!seen.add(row.key())) {
                errors.put(row.name("key"), "Another field already has the key '" + row.key() + "'.");
            }
            if (field != null) {
                fields.add(field);
            }
        }
        if (fields.isEmpty() && errors.isEmpty()) {
            errors.put("fields", "A collection needs at least one field.");
        }
        if (fields.size() > MAX_FIELDS) {
            errors.put("fields", "A collection may have at most " + MAX_FIELDS + " fields.");
        }
        Leasing leasing = leasing(errors);
        return new Checked(errors.isEmpty() ? List.copyOf(fields) : List.of(), leasing, errors);
    }

    private static FieldDef checkRow(Row row, FieldDef before, Map<String, String> errors) {
        int errorCount = errors.size();
        if (!KEY.matcher(row.key()).matches()) {
            errors.put(row.name("key"), "Use 1 to 40 lower-case letters, digits or '_', starting with a letter.");
        } else if (RESERVED_KEYS.contains(row.key())) {
            errors.put(row.name("key"), "'" + row.key() + "' is reserved; choose another key.");
        } else if (row.key().contains(RESERVED_SEPARATOR)) {
            errors.put(row.name("key"),
                    "'__' (two underscores) is reserved for the merge page's own fields; choose a key without it.");
        }
        FieldType type;
        try {
            type = FieldType.fromId(row.type());
        } catch (IllegalArgumentException e) {
            errors.put(row.name("type"), "Choose a type.");
            return null;
        }
        if (before != null && before.type() != type) {
            errors.put(row.name("type"), "The type of an existing field cannot change (it is " + before.type().id() + ").");
        }
        String label = row.label().isEmpty() ? row.key() : row.label();
        if (Validation.longerThan(label, 200)) {
            errors.put(row.name("label"), "At most 200 characters.");
        } else {
            Validation.unstorable(label).ifPresent(problem -> errors.put(row.name("label"), problem));
        }
        String min = bound(row, "min", row.min(), type, errors);
        String max = bound(row, "max", row.max(), type, errors);
        if (min != null && max != null && type.supportsBounds()
                && (type.boundsLength() ? Integer.parseInt(min) > Integer.parseInt(max) : type.compare(min, max) > 0)) {
            errors.put(row.name("max"), "The maximum is below the minimum.");
        }
        if (row.unique() && !type.supportsUnique()) {
            errors.put(row.name("unique"), "A " + type.id() + " field cannot be unique.");
        }
        if (row.delta() && !type.isNumeric()) {
            errors.put(row.name("delta"), "Only number and integer fields merge by delta.");
        }
        List<String> choices = List.of();
        if (type == FieldType.CHOICE) {
            choices = row.choices().lines().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
            if (choices.isEmpty()) {
                errors.put(row.name("choices"), "List the choices, one per line.");
            } else if (choices.stream().anyMatch(c -> Validation.longerThan(c, 100))) {
                errors.put(row.name("choices"), "A choice may have at most 100 characters.");
            } else {
                choices.stream().map(Validation::unstorable).flatMap(Optional::stream).findFirst()
                        .ifPresent(problem -> errors.put(row.name("choices"), problem));
            }
        }
        if (errors.size() > errorCount) {
            return null;
        }
        return new FieldDef(row.key(), label, type, row.required() && type != FieldType.BOOLEAN, row.unique(),
                min, max, row.delta(), choices);
    }

    private static String bound(Row row, String part, String raw, FieldType type, Map<String, String> errors) {
        if (raw.isEmpty()) {
            return null;
        }
        if (!type.supportsBounds()) {
            errors.put(row.name(part), "A " + type.id() + " field has no " + part + "imum.");
            return null;
        }
        try {
            if (type.boundsLength()) {
                int length = Integer.parseInt(raw);
                if (length < 0) {
                    throw new NumberFormatException();
                }
                if (length > type.maxLength()) {
                    // A minimum above it would refuse every value; a maximum above it would promise more than is kept.
                    errors.put(row.name(part), String.format(Locale.ROOT, "At most %,d characters: a %s field holds no more.",
                            type.maxLength(), type.id()));
                    return null;
                }
                return Integer.toString(length);
            }
            return type.canonical(raw);
        } catch (NumberFormatException | FieldType.InvalidValue e) {
            errors.put(row.name(part), type.boundsLength()
                    ? "A length: a whole number of characters."
                    : "Must be a valid " + type.id() + ".");
            return null;
        }
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    private static boolean checked(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values != null && values.contains("true");
    }
}
