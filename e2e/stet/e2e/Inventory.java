package stet.e2e;

/**
 * Records of the demo collection {@code inventory}, made through the new-record form:
 * each test creates its own (its SKU must be unique), so no test sees another's data.
 */
final class Inventory {

    /** Five short lines: edits to lines one and six are far enough apart to be two hunks. */
    static final String DESCRIPTION = "Line one\nLine two\nLine three\nLine four\nLine five\n";

    private Inventory() {}

    /** A kettle with quantity 10 and price 20, created by whoever is logged in to {@code browser}. */
    static RecordPage create(Browser browser, String sku) {
        return create(browser, sku, DESCRIPTION, "20");
    }

    /** A kettle with quantity 10 and the given description and price. */
    static RecordPage create(Browser browser, String sku, String description, String price) {
        return browser.newRecord("inventory")
                .set("name", "Kettle " + sku)
                .set("sku", sku)
                .set("description", description)
                .set("quantity", "10")
                .set("price", price)
                .save();
    }
}
