package stet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import stet.record.StoredRecord;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.schema.Leasing;

/** JSON values to the texts validation reads and back: types checked, numbers exact, empty as null. */
class RecordJsonTest {

    static final ObjectMapper MAPPER = new ObjectMapper().setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static FieldDef field(FieldType type) {
        return new FieldDef("f", "F", type, false, false, null, null, false, List.of());
    }

    static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @Test
    void numbers_are_read_exactly_and_plainly() throws Exception {
        assertThat(RecordJson.text(field(FieldType.NUMBER), json("10.50"))).isEqualTo("10.5");
        assertThat(RecordJson.text(field(FieldType.NUMBER), json("0.1"))).isEqualTo("0.1");
        assertThat(RecordJson.text(field(FieldType.NUMBER), json("1e3"))).isEqualTo("1000");
        assertThat(RecordJson.text(field(FieldType.NUMBER), json("12345678901234567890.0000000001")))
                .isEqualTo("12345678901234567890.0000000001");
        assertThat(RecordJson.text(field(FieldType.INTEGER), json("12.0"))).isEqualTo("12");
    }

    @Test
    void a_value_of_the_wrong_json_type_is_refused_with_a_message() {
        assertThatThrownBy(() -> RecordJson.text(field(FieldType.NUMBER), json("\"12\""))).hasMessageContaining("JSON number");
        assertThatThrownBy(() -> RecordJson.text(field(FieldType.INTEGER), json("12.5"))).hasMessage("Must be a whole number, such as 12.");
        assertThatThrownBy(() -> RecordJson.text(field(FieldType.BOOLEAN), json("\"true\""))).hasMessage("Must be true or false.");
        assertThatThrownBy(() -> RecordJson.text(field(FieldType.DATE), json("20270101"))).hasMessageContaining("YYYY-MM-DD");
        assertThatThrownBy(() -> RecordJson.text(field(FieldType.TEXT), json("{}"))).hasMessage("Must be a JSON string.");
    }

    @Test
    void a_number_with_a_huge_exponent_is_refused_before_it_is_written_out() {
        assertThatThrownBy(() -> RecordJson.text(field(FieldType.NUMBER), json("1e999999"))).hasMessageContaining("Out of range");
        assertThatThrownBy(() -> RecordJson.text(field(FieldType.INTEGER), json("1e-999999"))).hasMessageContaining("Out of range");
    }

    @Test
    void a_number_with_more_digits_than_a_number_field_holds_is_refused_as_out_of_range() throws Exception {
        String outOfRange = "Out of range: at most 30 digits before and 30 after the decimal point.";
        for (String tooLong : List.of("9".repeat(31), "1" + "0".repeat(60), "-" + "9".repeat(31), "0." + "1".repeat(31))) {
            assertThatThrownBy(() -> RecordJson.text(field(FieldType.NUMBER), json(tooLong))).as(tooLong).hasMessage(outOfRange);
        }
        assertThat(RecordJson.text(field(FieldType.NUMBER), json("9".repeat(30) + "." + "9".repeat(30))))
                .isEqualTo("9".repeat(30) + "." + "9".repeat(30));
    }

    @Test
    void zeros_after_the_last_digit_of_a_fraction_are_no_digits_of_the_value() throws Exception {
        // As the form and the import read it: 10 with 43 zeros after the point is 10.
        assertThat(RecordJson.text(field(FieldType.NUMBER), json("10." + "0".repeat(43)))).isEqualTo("10");
        assertThat(RecordJson.text(field(FieldType.INTEGER), json("7." + "0".repeat(50)))).isEqualTo("7");
        assertThat(RecordJson.text(field(FieldType.NUMBER), json("1.5" + "0".repeat(100)))).isEqualTo("1.5");
    }

    @Test
    void null_is_an_empty_value() throws Exception {
        for (FieldType type : FieldType.values()) {
            assertThat(RecordJson.text(field(type), json("null"))).isEmpty();
        }
    }

    @Test
    void stored_values_are_written_typed_plain_and_empty_ones_as_null() {
        Collection collection = new Collection(1, "c", "C", List.of(
                new FieldDef("n", "N", FieldType.NUMBER, false, false, null, null, false, List.of()),
                new FieldDef("i", "I", FieldType.INTEGER, false, false, null, null, false, List.of()),
                new FieldDef("b", "B", FieldType.BOOLEAN, false, false, null, null, false, List.of()),
                new FieldDef("d", "D", FieldType.DATE, false, false, null, null, false, List.of()),
                new FieldDef("t", "T", FieldType.TEXT, false, false, null, null, false, List.of())),
                false, Leasing.DEFAULT, 1, OffsetDateTime.now());
        Map<String, String> data = new LinkedHashMap<>(Map.of("n", "0.0000001", "i", "42", "b", "true", "d", "2027-01-31"));

        String written = new String(new ApiJson().write(RecordJson.values(collection, data)), StandardCharsets.UTF_8);

        assertThat(written).isEqualTo("{\"n\":0.0000001,\"i\":42,\"b\":true,\"d\":\"2027-01-31\",\"t\":null}");
        // A value saved before its field's type changed is given as the text it is.
        assertThat(RecordJson.value(collection.fields().get(1), "twelve").textValue()).isEqualTo("twelve");
        assertThat(RecordJson.record(new StoredRecord(7, 1, data, 3, false, null, null, null), collection)
                .get("version").intValue()).isEqualTo(3);
    }

    @Test
    void a_stored_number_that_is_not_canonical_is_written_as_the_text_it_is_never_expanded() {
        FieldDef number = field(FieldType.NUMBER);
        ApiJson json = new ApiJson();

        // Texts kept from a field of another type with the same key (removed, then added back as a number).
        for (String stored : List.of("1e10000", "1e-10000", "1e2147483648", "1E+5", "NaN", " 12 ")) {
            JsonNode value = RecordJson.value(number, stored);
            assertThat(value.isTextual()).as(stored).isTrue();
            assertThat(new String(json.write(value), StandardCharsets.UTF_8)).as(stored).isEqualTo("\"" + stored + "\"");
        }
        assertThat(RecordJson.value(number, "-0.5").decimalValue()).isEqualByComparingTo("-0.5");
    }
}
