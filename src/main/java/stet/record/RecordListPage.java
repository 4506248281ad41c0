package stet.record;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.web.Format;
import stet.web.Html;

/**
 * What the record list page shows besides its rows: the search box and filters as the
 * user typed them, the column headers with their sort links, and the link to the next
 * page, each link carrying the search, filters and order so that they survive paging.
 */
final class RecordListPage {

    /** A column header: its sort link and, when the list is sorted by it, the direction. */
    record Column(String key, String label, String href, String ariaSort) {}


    private static final Format FORMAT = new Format();

    private RecordListPage() {}

    /**
     * The model of a list page.
     *
     * @param typed the query parameters as the user sent them (kept even when refused)
     * @param query the query as read, or null when it was refused
     * @param rows the rows of this page (at most {@code pageSize})
     * @param more whether a page follows
     * @param error why the query was refused, or null
     */
    static Map<String, Object> model(Collection collection, Map<String, List<String>> typed, RecordQuery query,
            List<ListedRecord> rows, boolean more, String error) {
        return model(collection, typed, query, rows, Map.of(), more, error);
    }

    /** The model of a list page whose records {@code editing} names are being edited (record id to who). */
    static Map<String, Object> model(Collection collection, Map<String, List<String>> typed, RecordQuery query,
            List<ListedRecord> rows, Map<Long, String> editing, boolean more, String error) {
        String base = "/collections/" + collection.slug();
        Map<String, String> params = query != null ? query.params() : Map.of();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("collection", collection);
        model.put("records", rows(collection, rows, editing));
        model.put("empty", rows.isEmpty());
        model.put("noRows", error == null && rows.isEmpty());
        model.put("error", error);
        model.put("q", first(typed, "q"));
        // The search form sends the order on; a refused one is kept as typed, like the rest of the input.
        // Null when there is none (the template tests a variable, not a method through OGNL).
        String sort = query == null ? first(typed, "sort") : params.get("sort");
        model.put("sort", sort == null || sort.isEmpty() ? null : sort);
        model.put("heading", collection.name());
        model.put("base", base);
        model.put("newHref", base + "/new");
        model.put("editHref", base + "/edit");
        model.put("deletedHref", base + "/deleted");
        // The export holds what the list shows: the same search, filters and order, every page.
        model.put("importHref", base + "/import");
        model.put("exportHref", link(base + "/export.csv", params));
        model.put("filters", RecordQuery.filterFields(collection).stream()
                .map(f -> filter(f, first(typed, f.key())))
                .toList());
        model.put("header", header(columns(collection, base, query, params)));
        model.put("clearHref", narrowed(collection, typed) ? clearLink(base, query == null ? null : params.get("sort")) : null);
        model.put("first", query == null || query.after() == null);
        model.put("firstHref", link(base, params));
        if (more) {
            Map<String, String> next = new LinkedHashMap<>(params);
            next.put("after", query.cursorAfter(rows.get(rows.size() - 1)));
            model.put("nextHref", link(base, next));
        } else {
            model.put("nextHref", null);
        }
        return model;
    }

    /** Whether a search or a filter was typed (read or refused). */
    private static boolean narrowed(Collection collection, Map<String, List<String>> typed) {
        return !first(typed, "q").isBlank() || RecordQuery.filterFields(collection).stream()
                .anyMatch(f -> !first(typed, f.key()).isBlank());
    }

    /** The list without its search and filters, in the order it was read in (none when the query was refused). */
    private static String clearLink(String base, String sort) {
        return sort == null ? base : link(base, Map.of("sort", sort));
    }

    /**
     * The table's rows: the id and the first shown value (each a link to the record), the
     * other shown values (booleans as Yes/No), the version. Written in Java, escaped by
     * {@link Html}: Thymeleaf's work per cell, repeated for 50 rows, was most of the page's.
     */
    static Html rows(Collection collection, List<ListedRecord> records, Map<Long, String> editing) {
        List<FieldDef> fields = collection.listFields();
        // Sized for about 100 characters of markup a cell, so that it is not copied as it grows.
        Html html = new Html(records.size() * (fields.size() + 2) * 100);
        for (ListedRecord r : records) {
            String id = Long.toString(r.id());
            String href = "/records/" + id;
            // data-label names each cell's column where a narrow screen shows a row as a card (stet.css).
            html.open("tr", "data-testid", "record-row-" + id);
            html.open("td", "data-label", "#").element("a", id, "href", href);
            String editor = editing.get(r.id());
            if (editor != null) {
                html.text(" ").element("span", "being edited by " + editor, "class", "lease-marker",
                        "data-testid", "lease-marker-" + id);
            }
            html.close("td");
            for (int i = 0; i < fields.size(); i++) {
                FieldDef f = fields.get(i);
                String value = f.type() == FieldType.BOOLEAN ? FORMAT.yesNo(r.value(f.key())) : r.value(f.key());
                if (i == 0) {
                    html.open("td", "data-label", f.label()).element("a", value, "href", href).close("td");
                } else {
                    html.element("td", value, "data-label", f.label());
                }
            }
            html.element("td", Integer.toString(r.version()), "data-label", "Version").close("tr");
        }
        return html;
    }

    /**
     * A filter control: its label, name and hook, whether it is a date (typed) or a choice
     * (a select: Yes/No for a boolean, else the field's choices), and what the user typed.
     * A map, like the rows, because a template reads map entries more cheaply than it calls methods.
     */
    private static Map<String, Object> filter(FieldDef field, String value) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("label", field.label());
        filter.put("name", field.key());
        filter.put("testid", "filter-" + field.key());
        filter.put("value", value);
        filter.put("date", field.type() == FieldType.DATE);
        List<Map<String, Object>> options = new ArrayList<>();
        List<String> values = field.type() == FieldType.BOOLEAN ? List.of("true", "false") : field.choices();
        for (String option : values) {
            String text = field.type() == FieldType.BOOLEAN ? FORMAT.yesNo(option) : option;
            // The query strips a filter's value: the control shows the choice the list is filtered by.
            options.add(Map.of("value", option, "text", text, "selected", value != null && option.equals(value.strip())));
        }
        filter.put("options", options);
        return filter;
    }

    /** The header row: each column's label, as a sort link where the list can be sorted by it. */
    static Html header(List<Column> columns) {
        Html html = new Html().open("tr");
        for (Column col : columns) {
            html.open("th", "aria-sort", col.ariaSort());
            if (col.href() != null) {
                // aria-sort belongs to the header cell alone (axe): the link says it as data-sort.
                html.element("a", col.label(), "href", col.href(), "data-testid", "sort-" + col.key(),
                        "data-sort", col.ariaSort());
            } else {
                html.text(col.label());
            }
            html.close("th");
        }
        return html.close("tr");
    }

    /** The columns' headers, each with its sort link (keeping the search and filters in {@code params}). */
    static List<Column> columns(Collection collection, String base, RecordQuery query, Map<String, String> params) {
        List<String> sortable = RecordQuery.sortKeys(collection);
        List<Column> columns = new ArrayList<>();
        // A field keyed "id" takes the key: the # column then has no sort link of its own.
        columns.add(collection.field("id").isPresent()
                ? new Column("id", "#", null, null)
                : column("id", "#", true, sortable, base, query, params));
        collection.listFields().forEach(f -> columns.add(column(f.key(), f.label(), false, sortable, base, query, params)));
        columns.add(column("version", "Version", true, sortable, base, query, params));
        return columns;
    }

    /** A header; its link sorts ascending, or descending when the list is sorted ascending by it already. */
    private static Column column(String key, String label, boolean builtin, List<String> sortable, String base,
            RecordQuery query, Map<String, String> params) {
        if (!sortable.contains(key)) {
            return new Column(key, label, null, null);
        }
        // The default order is by id: with a field keyed "id" it is not that field's order.
        boolean sorted = query != null && query.sort().key().equals(key)
                && (query.sort().kind() == RecordQuery.Kind.ID || query.sort().kind() == RecordQuery.Kind.VERSION) == builtin;
        boolean ascending = sorted && !query.sort().descending();
        Map<String, String> linked = new LinkedHashMap<>(params);
        linked.put("sort", ascending ? "-" + key : key);
        String ariaSort = !sorted ? "none" : ascending ? "ascending" : "descending";
        return new Column(key, label, link(base, linked), ariaSort);
    }

    private static String first(Map<String, List<String>> typed, String name) {
        List<String> values = typed.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    private static String link(String base, Map<String, String> params) {
        StringBuilder href = new StringBuilder(base);
        char separator = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            href.append(separator).append(e.getKey()).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return href.toString();
    }
}
