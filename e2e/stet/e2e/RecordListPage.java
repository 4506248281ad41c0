package stet.e2e;

import static stet.e2e.Hooks.byTestId;
import static stet.e2e.Hooks.css;
import static stet.e2e.Hooks.testId;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A collection's records ({@code record-list}, or {@code no-records} when there are
 * none): the search form ({@code record-search}) with its box and filters, the sortable
 * column headers ({@code sort-{key}}) and the pager.
 */
final class RecordListPage extends Page {

    private static final String[] ROOTS = {"record-list", "no-records"};
    private static final String ROW = "record-row-";

    RecordListPage(Browser browser) {
        super(browser, ROOTS);
    }

    boolean lists(long recordId) {
        return browser.has(byTestId(ROW + recordId));
    }

    /** The ids of the rows, top to bottom. */
    List<Long> ids() {
        return browser.findAll(css("[data-testid^=\"" + ROW + "\"]")).stream()
                .map(row -> Long.parseLong(row.getDomAttribute("data-testid").substring(ROW.length())))
                .toList();
    }

    /** Types into the search box ({@code search-input}) without sending the form. */
    RecordListPage typeSearch(String words) {
        browser.type(byTestId("search-input"), words);
        return this;
    }

    /** Picks or types a filter's value ({@code filter-{key}}) without sending the form. */
    RecordListPage chooseFilter(String key, String value) {
        browser.type(byTestId("filter-" + key), value);
        return this;
    }

    /** Sends the search form ({@code record-search}) as the Search button does. */
    RecordListPage submitSearch() {
        browser.clickAndWait(css(testId("record-search"), "button[type=\"submit\"]"), ROOTS);
        return new RecordListPage(browser);
    }

    /** Clicks a column's header link ({@code sort-{key}}). */
    RecordListPage sortBy(String key) {
        browser.clickAndWait(byTestId("sort-" + key), ROOTS);
        return new RecordListPage(browser);
    }

    /**
     * A column's {@code aria-sort} (on its header cell, where ARIA allows it): ascending,
     * descending or none. The header link says the same in {@code data-sort}.
     */
    String ariaSort(String key) {
        String sort = browser.attribute(byTestId("sort-" + key), "data-sort");
        String header = browser.find(byTestId("sort-" + key)).findElement(org.openqa.selenium.By.xpath("..")).getDomAttribute("aria-sort");
        if (!sort.equals(header)) {
            throw new AssertionError("the header cell of " + key + " says " + header + ", its link " + sort);
        }
        return header;
    }

    boolean hasNextPage() {
        return browser.has(byTestId("next-page"));
    }

    RecordListPage nextPage() {
        browser.clickAndWait(byTestId("next-page"), ROOTS);
        return new RecordListPage(browser);
    }

    /** The query parameters of the page's address, decoded. */
    Map<String, String> query() {
        Map<String, String> params = new LinkedHashMap<>();
        String path = path();
        int start = path.indexOf('?');
        if (start >= 0) {
            for (String pair : path.substring(start + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }
}
