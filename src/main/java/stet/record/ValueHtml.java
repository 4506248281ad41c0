package stet.record;

import stet.schema.FieldDef;
import stet.web.Format;
import stet.web.Html;

/**
 * How a value is shown, by its field's type, wherever a page shows a saved value (the
 * record page, a past version, the delete confirmation): a longtext in a {@code <pre>}
 * that keeps its lines, a boolean as Yes or No, anything else as its text. The one place
 * that rule is written.
 */
public final class ValueHtml {

    private static final Format FORMAT = new Format();

    private ValueHtml() {}

    /** {@code value} of {@code field} (empty when null), as markup of its own. */
    public static Html of(FieldDef field, String value) {
        Html html = new Html(value == null ? 16 : value.length() + 32);
        write(html, field, value);
        return html;
    }

    /** Writes {@code value} of {@code field} into {@code html}. */
    static void write(Html html, FieldDef field, String value) {
        switch (field.type()) {
            // HTML drops a newline right after <pre>: one is added, so a value's own first newline shows.
            case LONGTEXT -> html.element("pre", FORMAT.textarea(value), "class", "longtext");
            case BOOLEAN -> html.element("span", FORMAT.yesNo(value));
            default -> html.element("span", value);
        }
    }
}
