package stet.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import stet.Components;
import stet.auth.User;
import stet.record.CreateOutcome;
import stet.record.RecordQuery;
import stet.record.SaveOutcome;
import stet.record.SaveRequest;
import stet.record.StoredRecord;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.TestApp;
import stet.support.WebTest;

/**
 * An export written while records are edited holds each record live when it began exactly
 * once, in the order of that moment: a record whose place in the order moves while the file
 * is written is neither repeated nor left out.
 */
class ExportWhileEditingIT extends WebTest {

    private static final int COUNT = 2 * CsvExport.PAGE + 10;

    @Test
    void records_moved_in_the_order_while_the_export_is_written_are_each_written_once() throws IOException {
        Components parts = Components.build(app.database());
        User admin = parts.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
        Collection collection = parts.collections().create("moving", "Moving", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, false, false, null, null, false, List.of())), false, admin);
        List<StoredRecord> created = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            created.add(((CreateOutcome.Created) parts.records().create(collection,
                    Map.of("name", List.of(String.format(java.util.Locale.ROOT, "m%04d", i))), null, "", admin)).record());
        }
        StoredRecord first = created.get(0);
        StoredRecord last = created.get(COUNT - 1);
        RecordQuery byName = RecordQuery.parse(collection, Map.of("sort", List.of("name")));
        // Once the first page is written (the header goes out on its own before it): the first
        // record moves to the end, the last to the start.
        int header = (String.join(",", CsvExport.header(collection)) + "\r\n").length();
        ByteArrayOutputStream file = new ByteArrayOutputStream() {
            private boolean moved;

            @Override
            public void flush() {
                if (!moved && size() > header) {
                    moved = true;
                    rename(parts, first, "zzz moved last", admin);
                    rename(parts, last, "a moved first", admin);
                }
            }
        };

        long written = new CsvExport(parts.records()).write(collection, byName, false, file);

        List<CSVRecord> rows = CSVFormat.RFC4180.parse(new StringReader(file.toString(StandardCharsets.UTF_8))).getRecords();
        List<Long> ids = rows.subList(1, rows.size()).stream().map(r -> Long.parseLong(r.get(0))).toList();
        assertThat(ids).as("each record once, in the order of the moment the export began")
                .containsExactlyElementsOf(created.stream().map(StoredRecord::id).toList());
        assertThat(written).isEqualTo(COUNT);
        // Written as it is when its row is written: its version says which.
        CSVRecord lastRow = rows.get(rows.size() - 1);
        assertThat(lastRow.get(1)).isEqualTo("2");
        assertThat(lastRow.get(2)).isEqualTo("a moved first");
    }

    private static void rename(Components parts, StoredRecord record, String name, User author) {
        Map<String, List<String>> form = new HashMap<>();
        form.put("name", List.of(name));
        SaveOutcome outcome = parts.records().saveAsOf(
                SaveRequest.asOf(record.id(), record.version(), form, null, SaveRequest.OnStale.REFUSE), author);
        assertThat(outcome).isInstanceOf(SaveOutcome.Saved.class);
    }
}
