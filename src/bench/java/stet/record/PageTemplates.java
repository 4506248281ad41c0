package stet.record;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import stet.auth.Role;
import stet.auth.User;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.web.Views;

/**
 * The CPU one thread spends rendering the list page's template for 50 rows, the record page's
 * and the edit form's (no database, no HTTP): a measure that holds on a busy machine, because it counts the thread's own CPU
 * time, not the wall clock.
 *
 * <p>Run: {@code mvn -q -Pbench test-compile exec:exec@templates}.
 */
public final class PageTemplates {

    public static void main(String[] args) {
        Views views = new Views(stet.App.MAX_REQUEST_BYTES);
        Collection collection = new Collection(1, "bench", "Bench", List.of(
                field("title", FieldType.TEXT), field("note", FieldType.TEXT), field("sold", FieldType.BOOLEAN),
                field("body", FieldType.LONGTEXT)), false, stet.schema.Leasing.DEFAULT, 1, OffsetDateTime.now());
        List<ListedRecord> rows = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            rows.add(new ListedRecord(i, i % 7 + 1, Map.of("title", "Record <" + i + ">", "note", "a note & more " + i,
                    "sold", i % 2 == 0 ? "true" : "false")));
        }
        Map<String, Object> page = RecordListPage.model(collection, Map.of(), RecordQuery.parse(collection, Map.of()),
                rows, true, null);
        Map<String, Object> variables = new HashMap<>(page);
        variables.put(Views.ME, new User(1, "admin", "Admin", Role.ADMIN));
        variables.put(Views.CSRF, "token");
        variables.put("path", "/collections/bench");
        Map<String, Object> empty = new HashMap<>(variables);
        empty.putAll(RecordListPage.model(collection, Map.of(), RecordQuery.parse(collection, Map.of()), List.of(), false,
                null));
        System.out.printf("list page, 50 rows: %.0f µs of CPU per render (the least of 10 rounds)%n",
                cpuPerRender(() -> views.process("records/list", variables)));
        System.out.printf("list page, no rows: %.0f µs%n", cpuPerRender(() -> views.process("records/list", empty)));

        StoredRecord record = new StoredRecord(7, 1, Map.of("title", "Espresso <machine>", "note", "a note & more",
                "sold", "true", "body", "line one\nline two\n".repeat(20)), 12, false, OffsetDateTime.now(), "Alice", 2L,
                1);
        Map<String, Object> shown = withPageVariables(
                RecordPage.model(record, collection, "token.signature", false, null));
        System.out.printf("record page: %.0f µs%n", cpuPerRender(() -> views.process("records/show", shown)));
        Map<String, Object> form = withPageVariables(RecordForm.edit(collection, record, record.version(), null,
                FormInput.typed(record.data(), null), "token.signature", null, null, false));
        System.out.printf("edit form: %.0f µs%n", cpuPerRender(() -> views.process("records/form", form)));
    }

    /** A page's model with what every page gets: the user, the CSRF token, the path. */
    private static Map<String, Object> withPageVariables(Map<String, Object> model) {
        Map<String, Object> variables = new HashMap<>(model);
        variables.put(Views.ME, new User(1, "admin", "Admin", Role.ADMIN));
        variables.put(Views.CSRF, "token");
        variables.put("path", "/records/7");
        return variables;
    }

    /** The least CPU time per render of 10 rounds of 2,000 renders, in microseconds. */
    private static double cpuPerRender(java.util.function.Supplier<String> render) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double least = Double.MAX_VALUE;
        long length = 0;
        for (int round = 0; round < 10; round++) {
            int renders = 2_000;
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < renders; i++) {
                length += render.get().length();
            }
            least = Math.min(least, (threads.getCurrentThreadCpuTime() - start) / 1_000.0 / renders);
        }
        if (length == 0) {
            throw new IllegalStateException("nothing rendered");
        }
        return least;
    }

    private static FieldDef field(String key, FieldType type) {
        return new FieldDef(key, key.substring(0, 1).toUpperCase() + key.substring(1), type, false, false, null, null,
                false, List.of());
    }
}
