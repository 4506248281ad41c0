package stet.imports;

import java.util.List;

/**
 * A page of an import's rows in line order.
 *
 * @param rows the rows
 * @param nextAfter the line to ask for the next page after, or null when this is the last page
 */
public record RowPage(List<ImportRow> rows, Integer nextAfter) {

    public RowPage {
        rows = List.copyOf(rows);
    }
}
