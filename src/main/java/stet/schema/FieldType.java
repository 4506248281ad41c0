package stet.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
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

    /** What a number with more digits than {@link #MAX_DECIMAL_DIGITS} on either side of its point is told. */
    public static final String DECIMAL_OUT_OF_RANGE = "Out of range: at most " + MAX_DECIMAL_DIGITS + " digits before and "
            + MAX_DECIMAL_DIGITS + " after the decimal point.";
    /** A decimal's sign, leading zeros, the digits before its point (group 1) and after it (group 2). */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?0*(\\d*)(?:\\.(\\d*))?");
    /** The most digits a whole number may have (leading zeros aside): every such number fits a {@code long}. */
    public static final int MAX_INTEGER_DIGITS = 18;

    private static final Pattern WHOLE = Pattern.compile("[-+]?0*(\\d+)");
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
                return canonicalDecimal(input.strip());
            case INTEGER:
                String whole = input.strip();
                Matcher digits = WHOLE.matcher(whole);
                if (!digits.matches()) {
                    throw new InvalidValue("Must be a whole number, such as 12.");
                }
                if (digits.end(1) - digits.start(1) > MAX_INTEGER_DIGITS) {
                    throw new InvalidValue("Out of range: a whole number has at most " + MAX_INTEGER_DIGITS + " digits.");
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

    /**
     * A decimal as stored: no leading zeros, no trailing zeros after the point, no exponent.
     * Leading and trailing zeros are no digits of the value, so they are not counted against
     * the limit; the rest is counted before {@link BigDecimal} reads it, which reads a long run
     * of digits slowly.
     */
    private static String canonicalDecimal(String decimal) {
        Matcher parts = DECIMAL.matcher(decimal);
        if (!parts.matches() || decimal.chars().noneMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValue("Must be a number, such as 12 or 12.5.");
        }
        String whole = parts.group(1);
        String fraction = parts.group(2) == null ? "" : parts.group(2);
        int fractionDigits = fraction.length();
        while (fractionDigits > 0 && fraction.charAt(fractionDigits - 1) == '0') {
            fractionDigits--;
        }
        if (whole.length() > MAX_DECIMAL_DIGITS || fractionDigits > MAX_DECIMAL_DIGITS) {
            throw new InvalidValue(DECIMAL_OUT_OF_RANGE);
        }
        String sign = decimal.startsWith("-") ? "-" : "";
        BigDecimal value = new BigDecimal(sign + (whole.isEmpty() ? "0" : whole) + "." + fraction.substring(0, fractionDigits) + "0");
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
