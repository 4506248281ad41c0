package stet.e2e;

import static stet.e2e.Hooks.byTestId;

import org.openqa.selenium.By;

/**
 * An admin's collection editor ({@code collection-form}), new or existing: the name, the
 * URL name, the leasing ({@code exclusive}, {@code lease-minutes}) and the field rows,
 * whose inputs are named {@code field_{row}_{part}}.
 */
final class CollectionEditor extends Page {

    CollectionEditor(Browser browser) {
        super(browser, "collection-form");
    }

    CollectionEditor name(String name) {
        browser.type(By.id("name"), name);
        return this;
    }

    CollectionEditor slug(String slug) {
        browser.type(By.id("slug"), slug);
        return this;
    }

    /** Ticks (or clears) "Only the person editing may save". */
    CollectionEditor exclusive(boolean exclusive) {
        if (browser.find(byTestId("exclusive")).isSelected() != exclusive) {
            browser.click(byTestId("exclusive"));
        }
        return this;
    }

    /** Fills field row {@code row} (from 0): its key, label and type ({@code text}, {@code longtext}, …). */
    CollectionEditor field(int row, String key, String label, String type) {
        browser.type(By.id("field_" + row + "_key"), key);
        browser.type(By.id("field_" + row + "_label"), label);
        browser.type(By.id("field_" + row + "_type"), type);
        return this;
    }

    /** Saves the definition: stet shows the collection's records. */
    RecordListPage save() {
        browser.clickAndWait(byTestId("save-collection"), "record-list", "no-records");
        return new RecordListPage(browser);
    }
}
