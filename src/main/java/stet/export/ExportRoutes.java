package stet.export;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.ZoneOffset;
import stet.auth.Role;
import stet.record.RecordQuery;
import stet.schema.Collection;
import stet.schema.CollectionService;

/**
 * CSV export of a collection: from the list page ({@code export.csv}, with the list's
 * search, filters and order) and for scripts under the API. {@code bom=1} starts the file
 * with a byte order mark for spreadsheet programs.
 */
public final class ExportRoutes {

    /** The parameter that asks for a byte order mark (so a field named "bom" cannot be filtered in an export). */
    static final String BOM = "bom";

    private final CollectionService collections;
    private final CsvExport export;

    public ExportRoutes(CollectionService collections, CsvExport export) {
        this.collections = collections;
        this.export = export;
    }

    public void register(RoutesConfig routes) {
        routes.get("/collections/{slug}/export.csv", this::export, Role.EDITOR);
        routes.get("/api/v1/collections/{slug}/records.csv", this::export, Role.EDITOR);
    }

    private void export(Context ctx) {
        Collection collection = collections.get(ctx.pathParam("slug"));
        // Refused before the first byte: a bad search or filter is a 400, not half a file.
        Map<String, List<String>> params = new HashMap<>(ctx.queryParamMap());
        params.remove(BOM);
        RecordQuery query = RecordQuery.parse(collection, params);
        boolean bom = "1".equals(ctx.queryParam(BOM)) || "true".equals(ctx.queryParam(BOM));
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + collection.slug() + "-"
                + LocalDate.now(ZoneOffset.UTC) + ".csv\"");
        try {
            export.write(collection, query, bom, ctx.outputStream());
        } catch (IOException e) {
            // The client went away mid-file: nothing to answer.
            throw new UncheckedIOException(e);
        }
    }
}
