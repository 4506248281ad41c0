package stet.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates three-way merge inputs that look like real edits of real text: a base drawn from
 * code-like and prose-like lines (with the repeated lines real files have: blank lines, braces,
 * "return" lines), and two sides made of a few random edits each (insert, delete, replace,
 * duplicate), sometimes identical, sometimes untouched, with CRLF line endings, missing final
 * newlines and empty texts mixed in. Deterministic for a given seed.
 */
final class Triples {

    record Triple(String base, String yours, String theirs) {
    }

    private static final String[] VOCABULARY = {
        "", "", "}", "{", "  }", "    return null;", "    return result;", "// TODO", "/*", " */",
        "import java.util.List;", "public class Record {", "    private final String name;",
        "    if (value == null) {", "        throw new IllegalArgumentException();", "    }",
        "The quick brown fox jumps over the lazy dog.", "Lorem ipsum dolor sit amet,",
        "consectetur adipiscing elit.", "- item one", "- item two", "- item three", "----", "===",
        "  - nested", "Total: 42", "Status: open", "Owner: alice", "Owner: bob", ";", "...", "#",
        "    for (int i = 0; i < n; i++) {", "        sum += values[i];", "end",
    };

    private final Random random;

    Triples(long seed) {
        this.random = new Random(seed);
    }

    Triple next() {
        List<String> base = randomLines(random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(40));
        List<String> yours = edit(base);
        List<String> theirs = switch (random.nextInt(12)) {
            case 0 -> new ArrayList<>(yours);          // same change on both sides
            case 1 -> new ArrayList<>(base);           // theirs untouched
            default -> edit(base);
        };
        String eol = random.nextInt(8) == 0 ? "\r\n" : "\n";
        boolean[] finalNewline = {random.nextInt(6) != 0, random.nextInt(6) != 0, random.nextInt(6) != 0};
        if (random.nextInt(10) == 0) {
            finalNewline[1] = finalNewline[2] = finalNewline[0];
        }
        return new Triple(join(base, eol, finalNewline[0]), join(yours, eol, finalNewline[1]),
                join(theirs, eol, finalNewline[2]));
    }

    private List<String> randomLines(int n) {
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add(randomLine());
        }
        return lines;
    }

    private String randomLine() {
        if (random.nextInt(4) == 0) {
            return "line " + random.nextInt(60);
        }
        return VOCABULARY[random.nextInt(VOCABULARY.length)];
    }

    private List<String> edit(List<String> base) {
        List<String> lines = new ArrayList<>(base);
        int edits = random.nextInt(5);
        for (int e = 0; e < edits; e++) {
            int at = lines.isEmpty() ? 0 : random.nextInt(lines.size() + 1);
            int len = 1 + random.nextInt(3);
            switch (random.nextInt(5)) {
                case 0 -> lines.addAll(at, randomLines(len));
                case 1 -> {
                    for (int i = 0; i < len && at < lines.size(); i++) {
                        lines.remove(at);
                    }
                }
                case 2 -> {
                    for (int i = 0; i < len && at + i < lines.size(); i++) {
                        lines.set(at + i, randomLine());
                    }
                }
                case 3 -> {
                    if (at < lines.size()) {
                        lines.set(at, lines.get(at) + " (edited)");
                    }
                }
                default -> {
                    if (!lines.isEmpty()) {
                        int from = random.nextInt(lines.size());
                        lines.add(at, lines.get(from));
                    }
                }
            }
        }
        return lines;
    }

    private static String join(List<String> lines, String eol, boolean finalNewline) {
        if (lines.isEmpty()) {
            return "";
        }
        String text = String.join(eol, lines);
        return finalNewline ? text + eol : text;
    }
}
