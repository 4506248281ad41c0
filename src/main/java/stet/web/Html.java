package stet.web;

/**
 * HTML built in Java, every text and attribute value escaped as it is added: the only
 * kind of markup a template may insert unescaped ({@code stet:html}, see {@link HtmlDialect}).
 * A string cannot be inserted that way, so user data cannot reach a page unescaped.
 *
 * <p>It is for markup repeated per row or per field on the busiest pages: the rows of the
 * long tables (the record list and the history), where Thymeleaf's work per element and per
 * expression, repeated for 50 rows, was a third of the page's CPU, and a record's values and
 * form inputs (a fragment per field, chosen by its type). The markup is written once, in the
 * class that formats it; the rest of a page stays in its template.
 */
public final class Html {

    private final StringBuilder out;

    public Html() {
        this(1_024);
    }

    /** A builder with room for about {@code characters} of markup. */
    public Html(int characters) {
        out = new StringBuilder(characters);
    }

    /**
     * Opens an element. Attributes come as name, value pairs; a null value leaves its
     * attribute out (so {@code "checked", checked ? "checked" : null}).
     */
    public Html open(String tag, String... attributes) {
        out.append('<').append(name(tag));
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                out.append(' ').append(name(attributes[i])).append("=\"");
                escaped(attributes[i + 1]);
                out.append('"');
            }
        }
        out.append('>');
        return this;
    }

    public Html close(String tag) {
        out.append("</").append(name(tag)).append('>');
        return this;
    }

    /** Text, escaped; null is nothing. */
    public Html text(String text) {
        if (text != null) {
            escaped(text);
        }
        return this;
    }

    /** An element holding only text: {@code <tag attributes>text</tag>}. */
    public Html element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** The markup so far. */
    @Override
    public String toString() {
        return out.toString();
    }

    /**
     * Appends {@code value} with {@code & < > " '} written as references, and the two
     * characters unbescape also writes as numbers (NUL, and a surrogate not part of a pair);
     * every other character as it is.
     */
    private void escaped(String value) {
        int from = 0;
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c > '>' && c < Character.MIN_SURROGATE) {
                continue; // by far the most common case: a character written as it is
            }
            String reference = reference(value, i);
            if (reference != null) {
                out.append(value, from, i).append(reference);
                from = i + 1;
            }
        }
        if (from == 0) {
            out.append(value);
        } else {
            out.append(value, from, value.length());
        }
    }

    /** The reference for the character at {@code i} of {@code value}, or null when it is written as it is. */
    private static String reference(String value, int i) {
        char c = value.charAt(i);
        switch (c) {
            case '&':
                return "&amp;";
            case '<':
                return "&lt;";
            case '>':
                return "&gt;";
            case '"':
                return "&quot;";
            case '\'':
                return "&#39;";
            case '\0':
                return "&#0;";
            default:
                break;
        }
        if (!Character.isSurrogate(c)) {
            return null;
        }
        boolean paired = Character.isHighSurrogate(c)
                ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
        return paired ? null : "&#" + (int) c + ";";
    }

    /** Element and attribute names are the code's own, never data: anything else is a bug. */
    private static String name(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an empty name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c == '-' || i > 0 && c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not an element or attribute name: " + name);
            }
        }
        return name;
    }
}
