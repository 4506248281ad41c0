package stet.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import stet.schema.FieldDef;
import stet.schema.FieldType;

/**
 * Edits of one record that never conflict, for storms of many clients on it: each client
 * has its own text field ({@code own<n>}), its own line of a longtext (two unchanged lines
 * apart from the next client's, so that line merges always succeed), and adds to a delta
 * field. Used by the two-node tests and the hot-record benchmark.
 */
public final class OwnEdits {

    private OwnEdits() {}

    /** The fields of a collection for {@code clients} clients: own0…, {@code notes} (longtext), {@code count} (delta). */
    public static List<FieldDef> fields(int clients) {
        List<FieldDef> fields = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            fields.add(new FieldDef("own" + c, "Client " + c, FieldType.TEXT, false, false, null, null, false, List.of()));
        }
        fields.add(new FieldDef("notes", "Notes", FieldType.LONGTEXT, false, false, null, null, false, List.of()));
        fields.add(new FieldDef("count", "Count", FieldType.INTEGER, true, false, null, null, true, List.of()));
        return fields;
    }

    /** A longtext with a line {@code client <c> line = 0} per client, each two unchanged lines from the next. */
    public static String lines(int clients) {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < clients; c++) {
            text.append("client ").append(c).append(" line = 0\n")
                    .append("between ").append(c).append(" and the next\n")
                    .append("still between ").append(c).append(" and the next\n");
        }
        return text.toString();
    }

    /** {@code text} with {@code client}'s own line set to {@code value}. */
    public static String withOwnLine(String text, int client, int value) {
        String prefix = "client " + client + " line = ";
        return text.lines()
                .map(line -> line.startsWith(prefix) ? prefix + value : line)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** The value of {@code client}'s own line in {@code text}, which must hold it exactly once. */
    public static int ownLine(String text, int client) {
        String prefix = "client " + client + " line = ";
        List<String> found = text.lines().filter(l -> l.startsWith(prefix)).toList();
        assertThat(found).as("client %d's line in\n%s", client, text).hasSize(1);
        return Integer.parseInt(found.get(0).substring(prefix.length()));
    }
}
