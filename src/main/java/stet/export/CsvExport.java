package stet.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import stet.record.RecordQuery;
import stet.record.RecordService;
import stet.record.StoredRecord;
import stet.schema.Collection;
import stet.schema.FieldDef;

/**
 * Writes a collection's live records as CSV (RFC 4180: comma, double quotes, CRLF between
 * rows): their ids first, in one statement (each record live at that moment once, in the order
 * of that moment), then the records a page at a time, so that no export's values are ever held
 * in memory together: a header
 * of {@code _id}, {@code _version} and the field keys, then one row per record with the
 * canonical values a form posts ("true"/"false", ISO dates, "10.5"); an empty value is an
 * empty cell. The columns are the ones an import reads, so an exported file edited in a
 * spreadsheet imports back as version-checked changes.
 */
public final class CsvExport {

    /** The column of the record's id. */
    public static final String ID_COLUMN = "_id";
    /** The column of the version the row was exported at. */
    public static final String VERSION_COLUMN = "_version";
    /** How many records are read per query. */
    static final int PAGE = 500;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final RecordService records;

    public CsvExport(RecordService records) {
        this.records = records;
    }

    /** The header row: the record's id and version, then every field's key in the definition's order. */
    public static List<String> header(Collection collection) {
        List<String> header = new ArrayList<>(List.of(ID_COLUMN, VERSION_COLUMN));
        collection.fields().forEach(f -> header.add(f.key()));
        return header;
    }

    /**
     * Writes every record {@code query} finds, in its order, to {@code out} (not closed).
     * With {@code bom}, the file starts with a UTF-8 byte order mark, which spreadsheet
     * programs need to read it as UTF-8. Returns how many records were written.
     */
    public long write(Collection collection, RecordQuery query, boolean bom, OutputStream out) throws IOException {
        if (bom) {
            out.write(BOM);
        }
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180);
        csv.printRecord(header(collection));
        // Each part goes out as soon as it is written: the header, then page by page.
        csv.flush();
        // Which records, and their order, as of one moment: read page by page, a record whose
        // place moved between two pages would be written twice or not at all.
        List<Long> ids = records.listIds(collection, query);
        long written = 0;
        for (int from = 0; from < ids.size(); from += PAGE) {
            // Read whole, at the version they have now (one deleted since is left out).
            for (StoredRecord record : records.getAllLive(ids.subList(from, Math.min(ids.size(), from + PAGE)))) {
                csv.printRecord(row(collection, record));
                written++;
            }
            csv.flush();
        }
        return written;
    }

    private static List<String> row(Collection collection, StoredRecord record) {
        List<String> row = new ArrayList<>(collection.fields().size() + 2);
        row.add(Long.toString(record.id()));
        row.add(Integer.toString(record.version()));
        for (FieldDef field : collection.fields()) {
            String value = field.valueIn(record.data());
            row.add(value == null ? "" : value);
        }
        return row;
    }
}
