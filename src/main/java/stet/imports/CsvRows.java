package stet.imports;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import stet.schema.Collection;
import stet.schema.FieldDef;

/**
 * An uploaded CSV file read row by row as it streams in (RFC 4180, UTF-8 with or without a
 * byte order mark, or UTF-16 with one): never the whole file in memory. The header names
 * fields by key or label, plus optionally {@code _id} and {@code _version} (and {@code _error},
 * the rejected rows' message, passed over); a column the
 * collection has no field for is refused, naming it. The byte and row limits are enforced
 * while reading.
 */
final class CsvRows implements Iterator<CsvRows.Row>, AutoCloseable {

    static final String ID = "_id";
    static final String VERSION = "_version";
    /**
     * The column of the rejected rows' file that says why each was rejected; passed over when
     * that file, fixed, is imported again.
     */
    static final String ERROR = "_error";

    /**
     * One row: its line (the header is line 1, the first row line 2; a row whose cell spans
     * lines counts as one) and its cells by column. {@code width} is how many cells it had;
     * {@code extra} holds those past the header's columns, in their order (kept, so that the
     * rejected rows give back everything the row had).
     */
    record Row(int line, Map<String, String> cells, int width, List<String> extra) {

        /** The row as it is kept: its cells by column, and each cell past the header under {@link #extraKey}. */
        Map<String, String> input() {
            if (extra.isEmpty()) {
                return cells;
            }
            Map<String, String> input = new LinkedHashMap<>(cells);
            for (int i = 0; i < extra.size(); i++) {
                input.put(extraKey(cells.size() + i), extra.get(i));
            }
            return input;
        }
    }

    /**
     * The key a row's cell past the header is kept under: {@code _} and its position (from 1),
     * which no field key can be (keys begin with a letter).
     */
    static String extraKey(int index) {
        return "_" + (index + 1);
    }

    static boolean isExtraKey(String key) {
        return EXTRA_KEY.matcher(key).matches();
    }

    /** How far ahead the header is looked at for its separator (a header is a line of field keys). */
    private static final int HEADER_PEEK = 64 * 1024;
    private static final Pattern EXTRA_KEY = Pattern.compile("_[1-9][0-9]*");
    /** commons-csv's message for a file that ends inside a quoted value. */
    private static final Pattern UNCLOSED_QUOTE = Pattern.compile(
            "\\(startline ([\\d,]*\\d)\\) EOF reached before encapsulated token finished");
    /** commons-csv's message for text between a closing quote and the next separator. */
    private static final Pattern AFTER_CLOSING_QUOTE = Pattern.compile(
            "Invalid character between encapsulated token and delimiter at line: ([\\d,]*\\d)");

    private final CSVParser parser;
    private final char separator;
    private final Iterator<CSVRecord> records;
    private final List<String> columns;
    private final ImportLimits limits;
    /** The rows read so far, empty ones included: the last one's line is {@code rows + 1}. */
    private int rows;
    /** The rows read so far that are not empty: the rows of the import, which the row limit counts. */
    private int taken;
    /** The next row that is not empty, read ahead by {@link #hasNext}. */
    private CSVRecord pending;

    private CsvRows(CSVParser parser, char separator, List<String> columns, ImportLimits limits) {
        this.parser = parser;
        this.separator = separator;
        this.records = parser.iterator();
        this.columns = columns;
        this.limits = limits;
    }

    /**
     * Reads the header of {@code csv} and checks it against {@code collection}.
     *
     * @throws ImportException when there is no header, it names unknown or repeated columns,
     *     or the file is not readable
     */
    static CsvRows open(InputStream csv, Collection collection, ImportLimits limits) {
        BufferedReader reader = new BufferedReader(decoded(new Limited(csv, limits.maxBytes())), HEADER_PEEK);
        CSVParser parser;
        char separator;
        try {
            separator = separatorOf(reader, collection);
            parser = CSVFormat.RFC4180.builder().setDelimiter(separator)
                    .setHeader().setSkipHeaderRecord(true).setAllowMissingColumnNames(true)
                    .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL)
                    .get().parse(reader);
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw unreadable(e);
        }
        List<String> header = parser.getHeaderNames();
        if (header.stream().allMatch(String::isEmpty)) {
            // An empty first line (or none): the file is empty, or its header is not on its first line.
            boolean rowsFollow = new CsvRows(parser, separator, List.of(), limits).hasNext();
            throw new ImportException(ImportException.Reason.MALFORMED, (rowsFollow ? "The file's first line is empty"
                    : "The file is empty") + ": its first line must be a header naming the fields (by key or label).");
        }
        if (header.stream().anyMatch(cell -> cell.indexOf('\0') >= 0)) {
            // NUL bytes are UTF-8, but a header has none: UTF-16 without its byte order mark has one in each character.
            throw notText();
        }
        List<String> columns = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>();
        Map<String, List<String>> named = new LinkedHashMap<>();
        for (String cell : header) {
            String column = column(collection, cell);
            if (column == null) {
                unknown.add(cell);
            } else {
                named.computeIfAbsent(column, c -> new ArrayList<>()).add(cell);
            }
            columns.add(column);
        }
        if (!unknown.isEmpty()) {
            throw new ImportException(ImportException.Reason.UNKNOWN_COLUMNS, "The header names "
                    + (unknown.size() == 1 ? "a column" : "columns") + " that " + collection.name() + " has no field for: "
                    + quoted(unknown) + ". Name each column by a field's key or label: "
                    + String.join(", ", collection.fields().stream().map(f -> "'" + f.key() + "' (" + f.label() + ")")
                            .toList()) + ", and _id, _version (and _error, which is passed over).");
        }
        for (Map.Entry<String, List<String>> field : named.entrySet()) {
            if (field.getValue().size() > 1) {
                throw new ImportException(ImportException.Reason.MALFORMED, "The header names the field '"
                        + field.getKey() + "' more than once: " + quoted(field.getValue()) + ".");
            }
        }
        return new CsvRows(parser, separator, List.copyOf(columns), limits);
    }

    /**
     * The column a header cell names: {@code _id}, {@code _version} or a field's key, found
     * by its key exactly, else by its key or its label in any case, spaces around it aside
     * (as people head a spreadsheet: "Name", " SKU "); null when it names none.
     */
    private static String column(Collection collection, String cell) {
        if (cell.equals(ID) || cell.equals(VERSION) || cell.equals(ERROR) || collection.field(cell).isPresent()) {
            return cell;
        }
        String name = cell.strip();
        for (String own : List.of(ID, VERSION, ERROR)) {
            if (own.equalsIgnoreCase(name)) {
                return own;
            }
        }
        for (FieldDef field : collection.fields()) {
            if (field.key().equalsIgnoreCase(name)) {
                return field.key();
            }
        }
        List<String> byLabel = collection.fields().stream()
                .filter(f -> f.label().strip().equalsIgnoreCase(name))
                .map(FieldDef::key)
                .toList();
        return byLabel.size() == 1 ? byLabel.get(0) : null;
    }

    /**
     * The header's separator: a comma, unless the header is separated by semicolons or tabs,
     * as spreadsheets save "CSV" in languages whose decimal separator is the comma. The header
     * alone decides, whatever the values hold: it ends at the first line break (CR or LF)
     * outside quotes. The separator that splits it into the most cells naming fields wins (a
     * label may hold a comma: "Size, cm"); when none names more, a header with no comma
     * outside quotes that has semicolons or tabs is read by them.
     */
    private static char separatorOf(BufferedReader reader, Collection collection) throws IOException {
        reader.mark(HEADER_PEEK);
        char[] head = new char[HEADER_PEEK];
        int length = 0;
        int end = -1;
        boolean quoted = false;
        for (int n; end < 0 && length < head.length && (n = reader.read(head, length, head.length - length)) > 0; ) {
            for (int i = length; i < length + n && end < 0; i++) {
                if (head[i] == '"') {
                    quoted = !quoted;
                } else if (!quoted && (head[i] == '\n' || head[i] == '\r')) {
                    end = i;
                }
            }
            length += n;
        }
        reader.reset();
        String header = new String(head, 0, end < 0 ? length : end);
        char usual = ',';
        if (cells(header, ',').size() == 1) {
            usual = cells(header, ';').size() > 1 ? ';' : cells(header, '\t').size() > 1 ? '\t' : ',';
        }
        char best = usual;
        long bestNamed = named(collection, cells(header, usual));
        for (char candidate : new char[] {',', ';', '\t'}) {
            long named = named(collection, cells(header, candidate));
            if (named > bestNamed) {
                best = candidate;
                bestNamed = named;
            }
        }
        return best;
    }

    /** The cells of a header line split by {@code separator} outside quotes, unquoted. */
    private static List<String> cells(String header, char separator) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"' && quoted && i + 1 < header.length() && header.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    private static long named(Collection collection, List<String> cells) {
        return cells.stream().filter(cell -> column(collection, cell) != null).count();
    }

    /** What the file's values are separated by: a comma, or the semicolon or tab its header used. */
    char separator() {
        return separator;
    }

    List<String> columns() {
        return columns;
    }

    /**
     * Whether a row follows. A row whose cells are all empty ({@code ,,}: what a spreadsheet
     * writes for an empty row) is passed over, as an empty line is, but keeps its line number.
     */
    @Override
    public boolean hasNext() {
        try {
            while (pending == null && records.hasNext()) {
                CSVRecord record = records.next();
                rows++;
                if (blank(record)) {
                    continue;
                }
                if (++taken > limits.maxRows()) {
                    throw new ImportException(ImportException.Reason.TOO_MANY_ROWS, "The file has more than "
                            + String.format(Locale.ROOT, "%,d", limits.maxRows()) + " rows, the most one import takes. Split it"
                            + " into smaller files; nothing was imported.");
                }
                pending = record;
            }
            return pending != null;
        } catch (UncheckedIOException | IllegalStateException e) {
            throw unreadable(e);
        }
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CSVRecord record = pending;
        pending = null;
        Map<String, String> cells = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            cells.put(columns.get(i), i < record.size() ? record.get(i) : "");
        }
        List<String> extra = record.stream().skip(columns.size()).toList();
        return new Row(rows + 1, cells, record.size(), extra);
    }

    private static boolean blank(CSVRecord record) {
        for (String cell : record) {
            if (!cell.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // Only the upload's stream is closed here; nothing of it is needed any more.
        }
    }

    /** The failure of a read: over the byte limit, not UTF-8, or broken CSV. */
    private static RuntimeException unreadable(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooLarge tooLarge) {
                return tooLarge.refusal;
            }
            if (cause instanceof CharacterCodingException) {
                return notText();
            }
        }
        return new ImportException(ImportException.Reason.MALFORMED,
                "The file is not readable CSV: " + inWords(e) + "; nothing was imported.");
    }

    private static ImportException notText() {
        return new ImportException(ImportException.Reason.MALFORMED,
                "The file is not UTF-8 text (nor UTF-16 with a byte order mark). Save it as \"CSV UTF-8\" and"
                        + " upload it again; nothing was imported.");
    }

    /** What the CSV parser found wrong, said for a person: its two usual findings in words, else its own message. */
    private static String inWords(Exception e) {
        Throwable deepest = e;
        while (deepest.getCause() != null) {
            deepest = deepest.getCause();
        }
        String found = String.valueOf(deepest.getMessage());
        Matcher unclosed = UNCLOSED_QUOTE.matcher(found);
        if (unclosed.find()) {
            return "the quoted value that begins on line " + unclosed.group(1) + " is never closed (a \" is missing)";
        }
        Matcher after = AFTER_CLOSING_QUOTE.matcher(found);
        if (after.find()) {
            return "on line " + after.group(1) + " a quoted value goes on after its closing quote (a quote inside a"
                    + " quoted value is written twice: \"\")";
        }
        return found;
    }

    private static String quoted(java.util.Collection<String> names) {
        List<String> quoted = new ArrayList<>();
        names.forEach(n -> quoted.add("'" + n + "'"));
        return String.join(", ", quoted);
    }

    /**
     * The file's text: UTF-8, its byte order mark skipped, as spreadsheets write one; or
     * UTF-16 when a byte order mark says so, as they save "Unicode text". Bytes that are not
     * text in that encoding fail the read ({@link #unreadable}).
     */
    private static Reader decoded(InputStream in) {
        PushbackInputStream pushback = new PushbackInputStream(in, 3);
        Charset charset = StandardCharsets.UTF_8;
        try {
            byte[] head = pushback.readNBytes(3);
            int skipped = 0;
            if (head.length == 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
                skipped = 3;
            } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
                charset = StandardCharsets.UTF_16LE;
                skipped = 2;
            } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
                charset = StandardCharsets.UTF_16BE;
                skipped = 2;
            }
            pushback.unread(head, skipped, head.length - skipped);
        } catch (IOException e) {
            throw unreadable(e);
        }
        return new InputStreamReader(pushback, charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /** Thrown (as an IOException, through the reader) when the file passes the byte limit. */
    private static final class TooLarge extends IOException {
        final ImportException refusal;

        TooLarge(long limit) {
            super("over the limit", null);
            this.refusal = new ImportException(ImportException.Reason.TOO_LARGE, "The file is larger than "
                    + String.format(Locale.ROOT, "%,d", limit) + " bytes, the most one import takes. Split it into smaller files;"
                    + " nothing was imported.");
        }
    }

    /** A stream that fails once more than {@code limit} bytes were read from it. */
    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) throws TooLarge {
            read += n;
            if (read > limit) {
                throw new TooLarge(limit);
            }
        }
    }
}
