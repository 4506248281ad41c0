package stet.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.schema.Leasing;

class CsvRowsTest {

    private static final Collection PARTS = new Collection(1, "parts", "Parts", List.of(
            new FieldDef("name", "Name", FieldType.TEXT, false, false, null, null, false, List.of()),
            new FieldDef("notes", "Notes", FieldType.LONGTEXT, false, false, null, null, false, List.of()),
            new FieldDef("qty", "Quantity", FieldType.INTEGER, false, false, null, null, false, List.of())),
            false, Leasing.DEFAULT, 1, null);

    @Test
    void a_file_separated_by_semicolons_as_spreadsheets_save_it_in_many_languages_is_read_by_them() {
        assertThat(read("name;notes;qty\r\nBolt;\"a; b, c\";3\r\n")).containsExactly(
                Map.of("name", "Bolt", "notes", "a; b, c", "qty", "3"));
    }

    @Test
    void a_file_separated_by_tabs_is_read_by_them() {
        assertThat(read("\uFEFFname\tnotes\nNut\tone, two; three\n")).containsExactly(
                Map.of("name", "Nut", "notes", "one, two; three"));
    }

    @Test
    void a_utf_16_file_with_its_byte_order_mark_is_read_as_spreadsheets_save_unicode_text() {
        String text = "name\tnotes\r\nCafé crème\t\u6f22\u5b57 \ud83d\ude42\r\n";
        byte[] little = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
        byte[] big = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, text.getBytes(StandardCharsets.UTF_16BE));

        for (byte[] file : List.of(little, big)) {
            assertThat(read(file)).containsExactly(Map.of("name", "Café crème", "notes", "\u6f22\u5b57 \ud83d\ude42"));
        }
    }

    @Test
    void a_file_in_another_encoding_is_refused_saying_how_to_save_it() {
        byte[] latin1 = "name\r\nCaf\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> read(latin1)).isInstanceOf(ImportException.class)
                .hasMessageContaining("not UTF-8").hasMessageContaining("CSV UTF-8");
    }

    @Test
    void a_comma_separated_file_stays_comma_separated_whatever_its_values_hold() {
        assertThat(read("name,notes\nWasher,a;b\tc\n")).containsExactly(Map.of("name", "Washer", "notes", "a;b\tc"));
        assertThat(read("name\nWasher;x\n")).containsExactly(Map.of("name", "Washer;x"));
    }

    @Test
    void a_header_may_name_fields_by_label_or_by_key_in_any_case_with_spaces_around() {
        assertThat(read("Name, QTY ,Notes\r\nBolt,3,x\r\n")).containsExactly(
                Map.of("name", "Bolt", "qty", "3", "notes", "x"));
        assertThat(read("quantity;name\r\n4;Nut\r\n")).containsExactly(Map.of("qty", "4", "name", "Nut"));
    }

    @Test
    void a_header_naming_one_field_twice_in_two_ways_is_refused_naming_both() {
        assertThatThrownBy(() -> read("name,Name\r\nBolt,Nut\r\n"))
                .isInstanceOf(ImportException.class)
                .hasMessage("The header names the field 'name' more than once: 'name', 'Name'.");
    }

    @Test
    void a_quoted_value_never_closed_is_refused_naming_its_line_in_words() {
        assertThatThrownBy(() -> read("name,notes\nBolt,fine\n\"Nut,unfinished\nWasher,x\n"))
                .isInstanceOf(ImportException.class)
                .hasMessage("The file is not readable CSV: the quoted value that begins on line 3 is never closed (a"
                        + " \" is missing); nothing was imported.");
    }

    @Test
    void text_after_a_closing_quote_is_refused_naming_its_line_in_words() {
        assertThatThrownBy(() -> read("name,notes\nBolt,\"six \"inch\" bolts\"\n"))
                .isInstanceOf(ImportException.class)
                .hasMessage("The file is not readable CSV: on line 2 a quoted value goes on after its closing quote (a"
                        + " quote inside a quoted value is written twice: \"\"); nothing was imported.");
    }

    @Test
    void empty_rows_and_empty_lines_are_passed_over_and_count_as_the_spreadsheet_rows_they_are() {
        List<String> rows = new ArrayList<>();
        try (CsvRows reader = CsvRows.open(new ByteArrayInputStream(
                "name,notes,qty\r\nBolt,,3\r\n,,\r\n\r\nNut,x,\r\n\" \",,\r\n,,\r\n,,\r\n".getBytes(StandardCharsets.UTF_8)),
                PARTS, ImportLimits.DEFAULTS)) {
            reader.forEachRemaining(row -> rows.add(row.line() + ":" + row.cells().get("name")));
        }

        assertThat(rows).containsExactly("2:Bolt", "5:Nut", "6: ");
    }

    @Test
    void the_row_limit_counts_only_rows_not_the_empty_lines_and_empty_rows_passed_over() {
        ImportLimits twoRows = new ImportLimits(ImportLimits.DEFAULTS.maxBytes(), 2);
        List<String> names = new ArrayList<>();
        try (CsvRows reader = CsvRows.open(new ByteArrayInputStream(
                "name,notes,qty\r\n,,\r\nBolt,,3\r\n\r\nNut,,\r\n,,\r\n\r\n\r\n".getBytes(StandardCharsets.UTF_8)),
                PARTS, twoRows)) {
            reader.forEachRemaining(row -> names.add(row.cells().get("name")));
        }

        assertThat(names).containsExactly("Bolt", "Nut");
        assertThatThrownBy(() -> {
            try (CsvRows reader = CsvRows.open(new ByteArrayInputStream("name\nA\n\nB\nC\n".getBytes(StandardCharsets.UTF_8)),
                    PARTS, twoRows)) {
                reader.forEachRemaining(row -> { });
            }
        }).isInstanceOf(ImportException.class).hasMessageStartingWith("The file has more than 2 rows");
    }

    @Test
    void a_header_ends_at_a_bare_carriage_return_so_commas_in_values_do_not_decide_the_separator() {
        assertThat(read("name;notes;qty\rBolt;a, b;3\r")).containsExactly(Map.of("name", "Bolt", "notes", "a, b", "qty", "3"));
        assertThat(read("name\tnotes\rNut\t1,5\r")).containsExactly(Map.of("name", "Nut", "notes", "1,5"));
    }

    @Test
    void a_header_naming_a_field_by_a_label_with_a_comma_is_read_by_the_separator_that_names_fields() {
        Collection sized = new Collection(2, "sized", "Sized", List.of(
                new FieldDef("name", "Name", FieldType.TEXT, false, false, null, null, false, List.of()),
                new FieldDef("size", "Size, cm", FieldType.TEXT, false, false, null, null, false, List.of())),
                false, Leasing.DEFAULT, 1, null);

        assertThat(read("Size, cm;name\r\n1,5;Bolt\r\n", sized)).containsExactly(Map.of("size", "1,5", "name", "Bolt"));
        assertThat(read("\"Size, cm\";name\r\n2;Nut\r\n", sized)).containsExactly(Map.of("size", "2", "name", "Nut"));
        assertThat(read("name,\"Size, cm\"\r\nWasher,3\r\n", sized)).containsExactly(Map.of("name", "Washer", "size", "3"));
    }

    @Test
    void a_utf_16_file_without_a_byte_order_mark_is_refused_as_not_utf_8() {
        byte[] little = "name,notes\nBolt,x\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] big = "name\tnotes\nBolt\tx\n".getBytes(StandardCharsets.UTF_16BE);

        for (byte[] file : List.of(little, big)) {
            assertThatThrownBy(() -> read(file)).isInstanceOf(ImportException.class)
                    .hasMessageContaining("not UTF-8").hasMessageContaining("byte order mark")
                    .satisfies(e -> assertThat(((ImportException) e).reason()).isEqualTo(ImportException.Reason.MALFORMED));
        }
    }

    @Test
    void a_file_of_only_empty_lines_is_refused_as_empty() {
        assertThatThrownBy(() -> read("\n\r\n\n")).isInstanceOf(ImportException.class)
                .hasMessageStartingWith("The file is empty");
        assertThatThrownBy(() -> read("\r\nname\r\nBolt\r\n")).isInstanceOf(ImportException.class)
                .hasMessageStartingWith("The file's first line is empty");
    }

    @Test
    void a_row_with_more_cells_than_the_header_keeps_the_cells_past_it() {
        List<CsvRows.Row> rows = new ArrayList<>();
        try (CsvRows reader = CsvRows.open(new ByteArrayInputStream("name,qty\r\nBolt,3,extra,\"more, still\"\r\n"
                .getBytes(StandardCharsets.UTF_8)), PARTS, ImportLimits.DEFAULTS)) {
            reader.forEachRemaining(rows::add);
        }

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).cells()).isEqualTo(Map.of("name", "Bolt", "qty", "3"));
        assertThat(rows.get(0).extra()).containsExactly("extra", "more, still");
        assertThat(rows.get(0).width()).isEqualTo(4);
    }

    private static List<Map<String, String>> read(String csv, Collection collection) {
        List<Map<String, String>> rows = new ArrayList<>();
        try (CsvRows reader = CsvRows.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), collection,
                ImportLimits.DEFAULTS)) {
            reader.forEachRemaining(row -> rows.add(row.cells()));
        }
        return rows;
    }

    private static List<Map<String, String>> read(String csv) {
        return read(csv.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Map<String, String>> read(byte[] csv) {
        List<Map<String, String>> rows = new ArrayList<>();
        try (CsvRows reader = CsvRows.open(new ByteArrayInputStream(csv), PARTS, ImportLimits.DEFAULTS)) {
            reader.forEachRemaining(row -> rows.add(row.cells()));
        }
        return rows;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
