package stet.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The types a field can have. Each turns what a user typed into the canonical string
 * stored for it ("10.50" becomes "10.5"), or explains why it cannot; and compares
 * canonical values for min/max bounds.
 */
public enum FieldType {
    TEXT("text", "Text (one line)"),
    LONGTEXT("longtext", "Long text (merged line by line)"),
    NUMBER("number", "Number (decimal)"),
    INTEGER("integer", "Integer"),
    BOOLEAN("boolean", "Yes/no"),
    CHOICE("choice", "Choice (one of a list)"),
    DATE("date", "Date");

    /** Bounds on a single line of text when the field sets none. */
    public static final int DEFAULT_TEXT_MAX = 1_000;
    /** A longtext can hold a long document, but not unbounded input. */
    public static final int DEFAULT_LONGTEXT_MAX = 500_000;

    /** The most digits a number field holds before the decimal point, and after it. */
    public static final int MAX_DECIMAL_DIGITS = 30;

    private static final String DIGITS = "\\d{1," + MAX_DECIMAL_DIGITS + "}";
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(" + DIGITS + "(\\.\\d{0," + MAX_DECIMAL_DIGITS + "})?|\\." + DIGITS + ")");
    private static final Pattern WHOLE = Pattern.compile("[-+]?\\d{1,18}");
    /**
     * A day of the years 1 to 9999. LocalDate alone also reads "+12026-01-01" and "0000-01-01";
     * stored days are compared and filtered as text, which is their order only with four digits.
     */
    private static final Pattern DAY = Pattern.compile("(?!0000)\\d{4}-\\d{2}-\\d{2}");

    private final String id;
    private final String label;

    FieldType(String id, String label) {
        this.id = id;
        this.label = label;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    @JsonCreator
    public static FieldType fromId(String id) {
        for (FieldType type : values()) {
            if (type.id.equals(id)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown field type '" + id + "'");
    }

    /** Whether min/max bound a length (text) rather than a value. */
    public boolean boundsLength() {
        return this == TEXT || this == LONGTEXT;
    }

    /**
     * The longest value of this type, in characters, whatever a field's bounds say: a
     * longtext's, or a line's for every other type. A text type's length bounds may say no more.
     */
    public int maxLength() {
        return this == LONGTEXT ? DEFAULT_LONGTEXT_MAX : DEFAULT_TEXT_MAX;
    }

    public boolean isNumeric() {
        return this == NUMBER || this == INTEGER;
    }

    public boolean supportsBounds() {
        return boundsLength() || isNumeric() || this == DATE;
    }

    public boolean supportsUnique() {
        return this == TEXT || isNumeric() || this == DATE || this == CHOICE;
    }

    /**
     * The canonical form of a non-empty input, or throws {@link InvalidValue} with a
     * message for the user.
     */
    public String canonical(String input) {
        switch (this) {
            case TEXT:
                if (input.indexOf('\n') >= 0 || input.indexOf('\r') >= 0) {
                    throw new InvalidValue("Must be a single line.");
                }
                return input.strip();
            case LONGTEXT:
                // Browsers submit textareas with CRLF; lines are merged, so store one kind.
                return input.replace("\r\n", "\n").replace('\r', '\n');
            case NUMBER:
                String decimal = input.strip();
                if (!DECIMAL.matcher(decimal).matches()) {
                    throw new InvalidValue("Must be a number, such as 12 or 12.5.");
                }
                BigDecimal value = new BigDecimal(decimal);
                return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
            case INTEGER:
                String whole = input.strip();
                if (!WHOLE.matcher(whole).matches()) {
                    throw new InvalidValue("Must be a whole number, such as 12.");
                }
                return Long.toString(Long.parseLong(whole));
            case BOOLEAN:
                return switch (input.strip()) {
                    case "true", "on", "yes" -> "true";
                    case "false", "off", "no" -> "false";
                    default -> throw new InvalidValue("Must be yes or no.");
                };
            case CHOICE:
                return input.strip();
            case DATE:
                String day = input.strip();
                try {
                    if (DAY.matcher(day).matches()) {
                        return LocalDate.parse(day).toString();
                    }
                } catch (DateTimeParseException e) {
                    // reported below
                }
                throw new InvalidValue("Must be a date as YYYY-MM-DD.");
            default:
                throw new IllegalStateException(this.id);
        }
    }

    /** Compares two canonical values of this type (numbers numerically, dates by day). */
    public int compare(String a, String b) {
        return switch (this) {
            case NUMBER, INTEGER -> new BigDecimal(a).compareTo(new BigDecimal(b));
            case DATE -> LocalDate.parse(a).compareTo(LocalDate.parse(b));
            default -> a.compareTo(b);
        };
    }

    /** A value a user cannot save, with the reason. */
    public static final class InvalidValue extends RuntimeException {
        public InvalidValue(String message) {
            super(message, null, false, false);
        }
    }
}
