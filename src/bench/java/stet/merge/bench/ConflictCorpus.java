package stet.merge.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import stet.merge.LineMerge;
import stet.merge.LineMergeResult;
import stet.merge.MergeHunk;
import stet.merge.Side;

/**
 * Realistic conflicts cut from the real texts of {@link LocalSources}, each with the resolutions
 * a person could justify. Deterministic: one {@link Random} per family, seeded from the corpus
 * seed, and sources read in a fixed order.
 *
 * <p>Families and kinds (docs/benchmarks.md says more):
 * <ul>
 *   <li>{@code changelog}: two new changelog entries added at the top by the two sides
 *       ({@code entries-top}); two new items under the same entry ({@code items-same-entry});
 *       two paragraphs of a NEWS file inserted at one place ({@code news-paragraphs}). Justified:
 *       both, in either order.
 *   <li>{@code prose}: word edits by both sides in one line or adjacent lines
 *       ({@code words-different}: justified = both edits); the same word changed differently
 *       ({@code same-word}: either side); two paragraphs inserted at one place
 *       ({@code paragraphs-inserted}: both, either order).
 *   <li>{@code code}: two methods inserted at one place ({@code methods-inserted}), two imports
 *       ({@code imports-inserted}), both, either order; the same identifier renamed differently
 *       ({@code same-identifier}: either side).
 *   <li>{@code code-versions}: one real change of a file (JDK 17 to 25, and stet's own history)
 *       split between the two sides ({@code split-change}: justified = the real newer text).
 *   <li>{@code license-header}: a few fixed edits of the JDK's license header, each applied in
 *       many files: the recurring conflict that a remembered resolution answers.
 * </ul>
 */
final class ConflictCorpus {

    /**
     * One generated merge and what a person could justify as its result.
     *
     * @param justified the acceptable whole-text resolutions, the real one (if any) first
     * @param both whether the justified resolutions keep both sides' inserted blocks whole (the
     *             cases "keep both" is for); false for word edits, where both edits are kept
     *             inside a line
     */
    record Triple(String family, String kind, String source, String base, String yours, String theirs,
            List<String> justified, boolean both) {
    }

    static final List<String> FAMILIES = List.of("changelog", "prose", "code", "code-versions", "license-header");

    private static final Pattern DEBIAN_HEADER = Pattern.compile("^\\S+ \\([^)]*\\) [^;]*;.*");
    private static final Pattern WORD = Pattern.compile("\\b[A-Za-z]{3,}\\b");
    private static final Pattern IDENTIFIER = Pattern.compile("\\b[A-Za-z_][A-Za-z0-9_]{2,}\\b");
    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "goto", "implements", "import", "instanceof", "int", "interface", "long",
            "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile",
            "while", "var", "record", "null", "true", "false");

    static final int CODE_FILES = 700;
    static final int HEADER_FILES = 120;
    static final int HEADER_EDITS = 6;
    static final int SPLITS_PER_PAIR = 2;

    private final long seed;
    private final LocalSources sources;
    private final List<Triple> triples = new ArrayList<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();

    ConflictCorpus(long seed, LocalSources sources) {
        this.seed = seed;
        this.sources = sources;
    }

    /** Builds every family whose sources are here; a family without sources is skipped. */
    List<Triple> build() {
        changelogs(sources.changelogs(), new Random(seed));
        prose(sources.prose(), new Random(seed + 1));
        List<LocalSources.Text> jdk = sources.jdkSources();
        code(jdk, new Random(seed + 2));
        List<LocalSources.Pair> pairs = new ArrayList<>(sources.jdkVersions());
        pairs.addAll(sources.stetHistory());
        versions(pairs, new Random(seed + 3));
        licenseHeaders(jdk, new Random(seed + 4));
        for (String family : FAMILIES) {
            if (triples.stream().noneMatch(t -> t.family().equals(family))) {
                skipped.putIfAbsent(family, "no triples (its sources are missing)");
            }
        }
        return Collections.unmodifiableList(triples);
    }

    /** The families built with no triple, and why. */
    Map<String, String> skipped() {
        return skipped;
    }

    // ---- changelogs ----

    private void changelogs(List<LocalSources.Text> texts, Random rnd) {
        // Binary packages of one source install the same changelog, some trimmed: one of each.
        Set<String> newest = new HashSet<>();
        for (LocalSources.Text t : texts) {
            List<String> lines = lines(t.text());
            List<List<String>> entries = debianEntries(lines);
            if (entries.size() >= 3) {
                if (!newest.add(join(entries.subList(0, 2)))) {
                    continue;
                }
                entriesTop(t.name(), entries, rnd);
                itemsSameEntry(t.name(), entries, rnd);
                sameNewEntry(t.name(), entries, rnd);
            } else {
                paragraphsInserted("changelog", "news-paragraphs", t.name(), lines, rnd, new HashSet<>());
            }
        }
    }

    /** A Debian changelog's entries, each from its header line to the next header. */
    private static List<List<String>> debianEntries(List<String> lines) {
        List<List<String>> out = new ArrayList<>();
        for (String line : lines) {
            if (DEBIAN_HEADER.matcher(line.stripTrailing()).matches()) {
                out.add(new ArrayList<>());
            }
            if (!out.isEmpty()) {
                out.get(out.size() - 1).add(line);
            }
        }
        return out;
    }

    /** The two newest entries, one added by each side, over the entries before them (at most 6). */
    private void entriesTop(String source, List<List<String>> entries, Random rnd) {
        String newest = join(entries.get(0));
        String second = join(entries.get(1));
        if (!newest.endsWith("\n") || !second.endsWith("\n")) {
            return;
        }
        String base = join(entries.subList(2, Math.min(entries.size(), 8)));
        bothInserted("changelog", "entries-top", source, "", newest, second, base, rnd);
    }

    /** Two adjacent items of one entry, each added by one side; the entry and the next two as context. */
    private void itemsSameEntry(String source, List<List<String>> entries, Random rnd) {
        for (int e = 0; e < Math.min(entries.size() - 2, 6); e++) {
            List<String> entry = entries.get(e);
            String after = join(entries.subList(e + 1, e + 3));
            if (adjacentInserted("changelog", "items-same-entry", source, entry, items(entry), 0, after, rnd)) {
                return;
            }
        }
    }

    /**
     * Both sides start the same new entry (its header line and its trailer, as {@code dch}
     * writes them) with a different item each: the newest entry cut down to two adjacent items.
     * Justified: the entry once, with both items (either order).
     */
    private void sameNewEntry(String source, List<List<String>> entries, Random rnd) {
        List<String> entry = entries.get(0);
        List<int[]> items = items(entry);
        int i = adjacentPair(items, rnd);
        if (i < 0 || !join(entry).endsWith("\n")) {
            return;
        }
        String head = join(entry.subList(0, items.get(0)[0]));
        String first = join(entry.subList(items.get(i)[0], items.get(i)[1]));
        String second = join(entry.subList(items.get(i + 1)[0], items.get(i + 1)[1]));
        String tail = join(entry.subList(items.get(items.size() - 1)[1], entry.size()));
        String base = join(entries.subList(1, Math.min(entries.size(), 7)));
        boolean yoursFirst = rnd.nextBoolean();
        add("changelog", "same-new-entry", source, base, head + (yoursFirst ? first : second) + tail + base,
                head + (yoursFirst ? second : first) + tail + base,
                List.of(head + first + second + tail + base, head + second + first + tail + base), true);
    }

    /** The "  * " items of an entry as [start, end) line ranges, with their continuation lines. */
    private static List<int[]> items(List<String> entry) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < entry.size(); i++) {
            if (entry.get(i).startsWith("  * ")) {
                int j = i + 1;
                while (j < entry.size() && entry.get(j).startsWith("    ") && !entry.get(j).isBlank()) {
                    j++;
                }
                out.add(new int[] {i, j});
                i = j - 1;
            }
        }
        return out;
    }

    // ---- prose ----

    private void prose(List<LocalSources.Text> texts, Random rnd) {
        for (LocalSources.Text t : texts) {
            List<String> lines = lines(t.text());
            if (lines.size() > 3000) {
                continue;
            }
            boolean license = t.name().startsWith(LocalSources.LICENSES.toString());
            int rounds = license ? 12 : 2;
            List<String> vocabulary = words(t.text());
            if (vocabulary.size() < 20) {
                continue;
            }
            Set<Integer> used = new HashSet<>();
            for (int r = 0; r < rounds; r++) {
                String[] edit = wordEdits(t.text(), vocabulary, rnd, false);
                if (edit != null) {
                    add("prose", "words-different", t.name(), t.text(), edit[0], edit[1], List.of(edit[2]), false);
                }
                edit = wordEdits(t.text(), vocabulary, rnd, true);
                if (edit != null) {
                    add("prose", "same-word", t.name(), t.text(), edit[0], edit[1], List.of(edit[0], edit[1]), false);
                }
                paragraphsInserted("prose", "paragraphs-inserted", t.name(), lines, rnd, used);
            }
        }
    }

    /**
     * Two edits of one text by the two sides: {yours, theirs, both applied}. Different words of
     * one line or of two adjacent lines (sameWord false), or one word replaced differently
     * (sameWord true); null when the text has no line to edit.
     */
    static String[] wordEdits(String text, List<String> vocabulary, Random rnd, boolean sameWord) {
        List<int[]> lines = new ArrayList<>();
        int start = 0;
        for (String line : lines(text)) {
            if (wordSpans(line).size() >= 4) {
                lines.add(new int[] {start, start + line.length()});
            }
            start += line.length();
        }
        if (lines.size() < 2) {
            return null;
        }
        int li = rnd.nextInt(lines.size());
        int[] line = lines.get(li);
        List<int[]> words = wordSpans(text.substring(line[0], line[1]));
        int a = rnd.nextInt(words.size());
        int[] wa = shift(words.get(a), line[0]);
        if (sameWord) {
            String original = text.substring(wa[0], wa[1]);
            String x = other(vocabulary, rnd, original, null);
            String y = other(vocabulary, rnd, original, x);
            return new String[] {splice(text, wa, x), splice(text, wa, y), null};
        }
        int[] wb;
        boolean adjacentLine = rnd.nextInt(3) == 0;
        if (adjacentLine && li + 1 < lines.size() && lines.get(li + 1)[0] == line[1]) {
            int[] next = lines.get(li + 1);
            List<int[]> nextWords = wordSpans(text.substring(next[0], next[1]));
            wb = shift(nextWords.get(rnd.nextInt(nextWords.size())), next[0]);
        } else {
            int b = rnd.nextInt(words.size());
            if (Math.abs(a - b) < 2) {
                return null;
            }
            wb = shift(words.get(b), line[0]);
        }
        int[] ea = editSpan(text, wa, rnd);
        int[] eb = editSpan(text, wb, rnd);
        String ra = replacement(text, wa, ea, vocabulary, rnd);
        String rb = replacement(text, wb, eb, vocabulary, rnd);
        String yours = splice(text, ea, ra);
        String theirs = splice(text, eb, rb);
        String both = ea[0] > eb[0] ? splice(splice(text, ea, ra), eb, rb) : splice(splice(text, eb, rb), ea, ra);
        return new String[] {yours, theirs, both};
    }

    /** The span an edit of one word replaces: the word (replace, insert before), or the word and a space (delete). */
    private static int[] editSpan(String text, int[] word, Random rnd) {
        int kind = rnd.nextInt(10);
        if (kind < 7) {
            return new int[] {word[0], word[1], 0};
        }
        if (kind < 9 && word[1] < text.length() && text.charAt(word[1]) == ' ') {
            return new int[] {word[0], word[1] + 1, 1};
        }
        return new int[] {word[0], word[0], 2};
    }

    private static String replacement(String text, int[] word, int[] span, List<String> vocabulary, Random rnd) {
        switch (span[2]) {
            case 0:
                return other(vocabulary, rnd, text.substring(word[0], word[1]), null);
            case 1:
                return "";
            default:
                return other(vocabulary, rnd, text.substring(word[0], word[1]), null) + " ";
        }
    }

    private static String other(List<String> vocabulary, Random rnd, String not, String norEither) {
        for (int i = 0; ; i++) {
            String w = vocabulary.get(rnd.nextInt(vocabulary.size()));
            if ((!w.equals(not) && !w.equals(norEither)) || i > 100) {
                return w.equals(not) || w.equals(norEither) ? not + "s" + i : w;
            }
        }
    }

    /**
     * Two adjacent paragraphs of a text, each inserted at their place by one side; never at a
     * place in {@code used} (the same edit twice would be a recurring conflict the corpus made up).
     */
    private void paragraphsInserted(String family, String kind, String source, List<String> lines, Random rnd,
            Set<Integer> used) {
        List<int[]> paragraphs = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            int s = i;
            while (i < lines.size() && !lines.get(i).isBlank()) {
                i++;
            }
            while (i < lines.size() && lines.get(i).isBlank()) {
                i++;
            }
            if (i > s) {
                paragraphs.add(new int[] {s, i});
            }
        }
        if (paragraphs.size() < 4) {
            return;
        }
        int p = 1 + rnd.nextInt(paragraphs.size() - 2);
        if (!used.add(p)) {
            return;
        }
        if (paragraphs.get(p + 1)[1] == lines.size() && !lines.get(lines.size() - 1).endsWith("\n")) {
            return;
        }
        String before = join(lines.subList(0, paragraphs.get(p)[0]));
        String first = join(lines.subList(paragraphs.get(p)[0], paragraphs.get(p)[1]));
        String second = join(lines.subList(paragraphs.get(p + 1)[0], paragraphs.get(p + 1)[1]));
        String after = join(lines.subList(paragraphs.get(p + 1)[1], lines.size()));
        bothInserted(family, kind, source, before, first, second, after, rnd);
    }

    // ---- code ----

    private void code(List<LocalSources.Text> files, Random rnd) {
        List<LocalSources.Text> sample = new ArrayList<>(files);
        Collections.shuffle(sample, rnd);
        for (LocalSources.Text t : sample.subList(0, Math.min(CODE_FILES, sample.size()))) {
            List<String> lines = lines(t.text());
            methodsInserted(t.name(), lines, rnd);
            importsInserted(t.name(), lines, rnd);
            sameIdentifier(t.name(), t.text(), lines, rnd);
        }
    }

    /** Two adjacent members of a class (4-space indent, javadoc and all), each inserted by one side. */
    private void methodsInserted(String source, List<String> lines, Random rnd) {
        List<int[]> members = new ArrayList<>();
        for (int s = 1; s < lines.size(); s++) {
            if (lines.get(s - 1).isBlank() && indent(lines.get(s)) == 4) {
                int e = memberEnd(lines, s);
                if (e > 0) {
                    members.add(new int[] {s, e});
                }
            }
        }
        // At most 80 lines either side of the two members: a window of the file, not all of it.
        adjacentInserted("code", "methods-inserted", source, lines, members, 80, "", rnd);
    }

    /**
     * The end (exclusive, after its blank line) of a member starting at {@code s}: javadoc and
     * annotations at indent 4, a signature at indent 4 ending in "{", a body deeper, "    }",
     * then a blank line; 0 when the lines there are not such a member (a field, say).
     */
    private static int memberEnd(List<String> lines, int s) {
        int i = s;
        boolean signature = false;
        while (i < lines.size() && !signature) {
            String l = lines.get(i).stripTrailing();
            if (l.isEmpty() || (indent(l) == 4 && l.endsWith(";"))) {
                return 0;
            }
            signature = indent(l) == 4 && l.endsWith("{");
            i++;
        }
        while (i < lines.size()) {
            String l = lines.get(i).stripTrailing();
            if (l.equals("    }")) {
                return i + 1 < lines.size() && lines.get(i + 1).isBlank() ? i + 2 : 0;
            }
            if (!l.isEmpty() && indent(l) <= 4) {
                return 0;
            }
            i++;
        }
        return 0;
    }

    /** Two adjacent import lines, each added by one side. */
    private void importsInserted(String source, List<String> lines, Random rnd) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("import ") && lines.get(i + 1).startsWith("import ")) {
                at.add(i);
            }
        }
        if (at.isEmpty()) {
            return;
        }
        int i = at.get(rnd.nextInt(at.size()));
        int end = Math.min(lines.size(), i + 60);
        String before = join(lines.subList(0, i));
        String first = lines.get(i);
        String second = lines.get(i + 1);
        String after = join(lines.subList(i + 2, end));
        bothInserted("code", "imports-inserted", source, before, first, second, after, rnd);
    }

    /** One identifier in a line of code, renamed by both sides to different names from the file. */
    private void sameIdentifier(String source, String text, List<String> lines, Random rnd) {
        List<String> names = new ArrayList<>();
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find() && names.size() < 5000) {
            if (!KEYWORDS.contains(m.group())) {
                names.add(m.group());
            }
        }
        List<Integer> code = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (indent(lines.get(i)) >= 8 && !l.startsWith("*") && !l.startsWith("/") && l.endsWith(";")) {
                code.add(i);
            }
        }
        if (code.isEmpty() || names.size() < 10) {
            return;
        }
        int li = code.get(rnd.nextInt(code.size()));
        List<int[]> ids = new ArrayList<>();
        Matcher lm = IDENTIFIER.matcher(lines.get(li));
        while (lm.find()) {
            if (!KEYWORDS.contains(lm.group())) {
                ids.add(new int[] {lm.start(), lm.end()});
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        int[] id = ids.get(rnd.nextInt(ids.size()));
        String line = lines.get(li);
        String original = line.substring(id[0], id[1]);
        String x = other(names, rnd, original, null);
        String y = other(names, rnd, original, x);
        int from = Math.max(0, li - 60);
        int to = Math.min(lines.size(), li + 60);
        String before = join(lines.subList(from, li));
        String after = join(lines.subList(li + 1, to));
        String yours = before + splice(line, id, x) + after;
        String theirs = before + splice(line, id, y) + after;
        add("code", "same-identifier", source, before + line + after, yours, theirs, List.of(yours, theirs), false);
    }

    // ---- real changes split between two people ----

    private void versions(List<LocalSources.Pair> pairs, Random rnd) {
        for (LocalSources.Pair p : pairs) {
            LineMergeResult r = LineMerge.merge(p.older(), p.older(), p.newer());
            List<MergeHunk> changes = new ArrayList<>();
            for (MergeHunk h : r.hunks()) {
                if (h.kind() == MergeHunk.Kind.THEIRS && h.base().count() + h.theirs().count() >= 3) {
                    changes.add(h);
                }
            }
            Collections.shuffle(changes, rnd);
            for (MergeHunk h : changes.subList(0, Math.min(SPLITS_PER_PAIR, changes.size()))) {
                split(p, r, h, rnd);
            }
        }
    }

    /**
     * One real change (base lines B replaced by new lines N) split at a point: yours replaces the
     * first i lines of B by the first j of N, theirs the rest by the rest. The older text with
     * this whole change made (and the pair's other changes not) is the one justified resolution.
     */
    private void split(LocalSources.Pair p, LineMergeResult r, MergeHunk h, Random rnd) {
        List<String> b = h.lines(Side.BASE);
        List<String> n = h.lines(Side.THEIRS);
        int k = b.size();
        int m = n.size();
        int i;
        int j;
        if (k == 0) {
            i = 0;
            j = 1 + rnd.nextInt(m - 1);
        } else {
            i = rnd.nextInt(k + 1);
            j = Math.max(0, Math.min(m, (int) Math.round((double) i * m / k) + rnd.nextInt(3) - 1));
            if ((i == 0 && j == 0) || (i == k && j == m)) {
                return;
            }
        }
        List<String> older = r.lines(Side.BASE);
        String before = join(older.subList(0, h.base().start()));
        String after = join(older.subList(h.base().end(), older.size()));
        String first = join(n.subList(0, j)) + join(b.subList(i, k));
        String second = join(b.subList(0, i)) + join(n.subList(j, m));
        boolean yoursFirst = rnd.nextBoolean();
        String family = p.name().contains("@") ? "stet history" : "jdk 17 -> 25";
        add("code-versions", "split-change", family + ": " + p.name(), p.older(),
                before + (yoursFirst ? first : second) + after, before + (yoursFirst ? second : first) + after,
                List.of(before + join(n) + after), k == 0);
    }

    // ---- license headers: recurring conflicts ----

    /**
     * The JDK's most common license header (after its copyright line) edited in {@value #HEADER_EDITS}
     * fixed ways, each way applied to many files: the same three texts in many records.
     */
    private void licenseHeaders(List<LocalSources.Text> files, Random rnd) {
        Map<String, List<LocalSources.Text>> byBody = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (LocalSources.Text t : files) {
            int end = t.text().indexOf("\n */\n");
            if (!t.text().startsWith("/*\n * Copyright") || end < 0) {
                continue;
            }
            int bodyStart = t.text().indexOf('\n', t.text().indexOf('\n') + 1) + 1;
            String body = t.text().substring(bodyStart, end + 5);
            if (byBody.computeIfAbsent(body, x -> new ArrayList<>()).isEmpty()) {
                order.add(body);
            }
            byBody.get(body).add(t);
        }
        if (order.isEmpty()) {
            return;
        }
        String body = order.stream().max((x, y) -> Integer.compare(byBody.get(x).size(), byBody.get(y).size())).get();
        List<LocalSources.Text> group = new ArrayList<>(byBody.get(body));
        Collections.shuffle(group, rnd);
        List<String> vocabulary = words(body);
        List<String[]> edits = new ArrayList<>();
        while (edits.size() < HEADER_EDITS) {
            boolean sameWord = edits.size() % 3 == 2;
            String[] e = wordEdits(body, vocabulary, rnd, sameWord);
            if (e != null) {
                edits.add(new String[] {e[0], e[1], e[2], sameWord ? "same" : "both"});
            }
        }
        for (int f = 0; f < Math.min(HEADER_FILES, group.size()); f++) {
            LocalSources.Text t = group.get(f);
            String[] e = edits.get(f % HEADER_EDITS);
            int bodyStart = t.text().indexOf('\n', t.text().indexOf('\n') + 1) + 1;
            String head = t.text().substring(0, bodyStart);
            List<String> rest = lines(t.text().substring(bodyStart + body.length()));
            String tail = join(rest.subList(0, Math.min(rest.size(), 20)));
            String yours = head + e[0] + tail;
            String theirs = head + e[1] + tail;
            boolean both = e[3].equals("both");
            add("license-header", "header-edit-" + (f % HEADER_EDITS + 1) + (both ? "-both" : "-either"), t.name(),
                    head + body + tail, yours, theirs, both ? List.of(head + e[2] + tail) : List.of(yours, theirs),
                    false);
        }
    }

    // ---- helpers ----

    /** Two blocks each inserted at one place by one side (which side gets which is random); justified: both, either order. */
    private void bothInserted(String family, String kind, String source, String before, String first, String second,
            String after, Random rnd) {
        boolean yoursFirst = rnd.nextBoolean();
        add(family, kind, source, before + after, before + (yoursFirst ? first : second) + after,
                before + (yoursFirst ? second : first) + after,
                List.of(before + first + second + after, before + second + first + after), true);
    }

    /**
     * Two adjacent spans of {@code lines} (a random pair), each inserted by one side, in the
     * lines around them (at most {@code context} lines either side, when positive) and {@code after}.
     *
     * @return false when no two spans are adjacent
     */
    private boolean adjacentInserted(String family, String kind, String source, List<String> lines,
            List<int[]> spans, int context, String after, Random rnd) {
        int i = adjacentPair(spans, rnd);
        if (i < 0) {
            return false;
        }
        int s = spans.get(i)[0];
        int mid = spans.get(i)[1];
        int end = spans.get(i + 1)[1];
        int from = context > 0 ? Math.max(0, s - context) : 0;
        int to = context > 0 ? Math.min(lines.size(), end + context) : lines.size();
        bothInserted(family, kind, source, join(lines.subList(from, s)), join(lines.subList(s, mid)),
                join(lines.subList(mid, end)), join(lines.subList(end, to)) + after, rnd);
        return true;
    }

    /** A random i where span i ends where span i + 1 starts, or -1 when there is none. */
    private static int adjacentPair(List<int[]> spans, Random rnd) {
        List<Integer> adjacent = new ArrayList<>();
        for (int i = 0; i + 1 < spans.size(); i++) {
            if (spans.get(i)[1] == spans.get(i + 1)[0]) {
                adjacent.add(i);
            }
        }
        return adjacent.isEmpty() ? -1 : adjacent.get(rnd.nextInt(adjacent.size()));
    }

    private void add(String family, String kind, String source, String base, String yours, String theirs,
            List<String> justified, boolean both) {
        if (yours.equals(theirs) || yours.equals(base) || theirs.equals(base)) {
            return;
        }
        triples.add(new Triple(family, kind, source, base, yours, theirs, List.copyOf(justified), both));
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
            out.add(text.substring(start, i + 1));
            start = i + 1;
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    static String join(List<?> parts) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof List) {
                sb.append(join((List<?>) p));
            } else {
                sb.append(p);
            }
        }
        return sb.toString();
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static List<int[]> wordSpans(String line) {
        List<int[]> out = new ArrayList<>();
        Matcher m = WORD.matcher(line);
        while (m.find()) {
            out.add(new int[] {m.start(), m.end()});
        }
        return out;
    }

    private static int[] shift(int[] span, int by) {
        return new int[] {span[0] + by, span[1] + by};
    }

    private static String splice(String text, int[] span, String with) {
        return text.substring(0, span[0]) + with + text.substring(span[1]);
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
