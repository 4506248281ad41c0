package stet.e2e;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.openqa.selenium.WebDriver;

/**
 * axe-core's accessibility check of the page a tab shows (the WCAG 2.1 A and AA rules
 * and axe's best practices), run with the axe script bundled in the library, so nothing
 * is fetched. Only serious and critical violations count; each is described with the
 * elements it was found on, so that a failure says what to fix.
 */
final class Axe {

    /** The impacts that fail a page. */
    static final Set<String> COUNTED = Set.of("serious", "critical");
    private static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice");

    private Axe() {}

    /** The serious and critical violations on the page {@code web} shows, one line each; empty when there are none. */
    static List<String> seriousViolations(WebDriver web) {
        Results results = new AxeBuilder().withTags(TAGS).analyze(web);
        if (results.isErrored()) {
            throw new AssertionError("axe could not check " + web.getCurrentUrl() + ": " + results.getErrorMessage());
        }
        return results.getViolations().stream()
                .filter(rule -> COUNTED.contains(rule.getImpact()))
                .map(Axe::describe)
                .toList();
    }

    private static String describe(Rule rule) {
        String where = rule.getNodes().stream()
                .limit(5)
                .map(CheckedNode::getHtml)
                .map(html -> html.length() > 160 ? html.substring(0, 160) + "…" : html)
                .collect(Collectors.joining(" | "));
        return rule.getImpact() + " " + rule.getId() + ": " + rule.getHelp() + " (" + rule.getNodes().size()
                + " element" + (rule.getNodes().size() == 1 ? "" : "s") + ": " + where + ")";
    }
}
