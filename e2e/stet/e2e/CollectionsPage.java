package stet.e2e;

/** The list of collections ({@code collection-list}), where a log-in lands. */
final class CollectionsPage extends Page {

    CollectionsPage(Browser browser) {
        super(browser, "collection-list");
    }
}
