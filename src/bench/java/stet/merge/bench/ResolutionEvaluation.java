package stet.merge.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import stet.merge.ConflictRegion;
import stet.merge.LineMerge;
import stet.merge.LineMergeResult;
import stet.merge.MergeHunk;
import stet.merge.Side;

/**
 * Issue 15's evaluation: on the {@link ConflictCorpus}, how many conflicted triples can be
 * resolved by clicks alone with the old per-hunk choices (over git's refined hunks) and with the
 * new per-region choices; how often each kind of suggestion equals a justified resolution; and
 * how "both" compares with plain concatenation. Prints plain-text tables; the same machine
 * texts give the same figures (only the timing line varies). docs/benchmarks.md has the command
 * and the figures.
 *
 * <p>Run: {@code mvn -q -Pbench test-compile exec:exec@resolutions}.
 */
public final class ResolutionEvaluation {

    /** The corpus seed: 15 by default, the figures in docs/benchmarks.md; -Dstet.eval.seed=N builds another corpus. */
    static final long SEED = Long.getLong("stet.eval.seed", 15L);
    private static final String DUMP = System.getProperty("stet.eval.dump", "");
    private int dumped;

    /** Counts for one group of triples (a family, a kind, or all). */
    private static final class Tally {
        int triples;
        int clean;
        int cleanRight;
        int refined;
        int unrefined;
        int regions;
        int suggested;
        int suggestedRight;
        final Map<String, int[]> suggestions = new TreeMap<>();
    }

    /** The "both" figures over the regions of triples whose justified resolution keeps both sides. */
    private static final class BothTally {
        int regions;
        int concatRight;
        int bothRight;
        int concatDuplicates;
        int concatGlues;
        int bothDuplicates;
        int bothGlues;
        int bothDrops;
        int bothSpaced;
        int unknown;
        int triples;
        int refinedConcatRight;
        int refinedConcatDuplicates;
        int refinedConcatGlues;

        void add(BothTally b) {
            regions += b.regions;
            concatRight += b.concatRight;
            bothRight += b.bothRight;
            concatDuplicates += b.concatDuplicates;
            concatGlues += b.concatGlues;
            bothDuplicates += b.bothDuplicates;
            bothGlues += b.bothGlues;
            bothDrops += b.bothDrops;
            bothSpaced += b.bothSpaced;
            unknown += b.unknown;
            triples += b.triples;
            refinedConcatRight += b.refinedConcatRight;
            refinedConcatDuplicates += b.refinedConcatDuplicates;
            refinedConcatGlues += b.refinedConcatGlues;
        }
    }

    private final Map<String, Tally> byFamily = new TreeMap<>();
    private final Map<String, Tally> byKind = new TreeMap<>();
    private final Tally all = new Tally();
    private final Map<String, BothTally> both = new TreeMap<>();
    private final Map<String, Map<String, String>> remembered = new HashMap<>();

    public static void main(String[] args) {
        selfCheck();
        long t0 = System.nanoTime();
        LocalSources sources = new LocalSources();
        ConflictCorpus corpus = new ConflictCorpus(SEED, sources);
        List<ConflictCorpus.Triple> triples = corpus.build();
        long t1 = System.nanoTime();
        ResolutionEvaluation eval = new ResolutionEvaluation();
        for (ConflictCorpus.Triple t : triples) {
            eval.evaluate(t);
        }
        long t2 = System.nanoTime();
        System.out.println("Sources (seed " + SEED + "):");
        sources.found().forEach((k, v) -> System.out.println("  " + k + ": " + v));
        corpus.skipped().forEach((k, v) -> System.out.println("  family " + k + " skipped: " + v));
        eval.print();
        System.out.printf(Locale.ROOT, "%nTime: corpus %.1f s, merges and checks %.1f s (%d triples)%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, triples.size());
    }

    void evaluate(ConflictCorpus.Triple t) {
        LineMergeResult r = LineMerge.merge(t.base(), t.yours(), t.theirs());
        Tally family = byFamily.computeIfAbsent(t.family(), k -> new Tally());
        Tally kind = byKind.computeIfAbsent(t.family() + " / " + t.kind(), k -> new Tally());
        List<Tally> tallies = List.of(family, kind, all);
        tallies.forEach(x -> x.triples++);
        if (r.clean()) {
            boolean right = t.justified().contains(r.mergedText().orElseThrow());
            tallies.forEach(x -> {
                x.clean++;
                x.cleanRight += right ? 1 : 0;
            });
            return;
        }
        boolean refined = anySpells(t.justified(), refinedChoices(r));
        boolean unrefined = anySpells(t.justified(), regionChoices(r));
        List<Reachable.Piece> row = regionRow(r);
        List<Integer> at = regionPieces(r);
        Map<String, String> memory = remembered.computeIfAbsent(t.family(), k -> new HashMap<>());
        for (Tally x : tallies) {
            x.refined += refined ? 1 : 0;
            x.unrefined += unrefined ? 1 : 0;
            x.regions += r.regions().size();
        }
        if (t.both()) {
            refinedConcatenation(t, r);
        }
        for (int i = 0; i < r.regions().size(); i++) {
            ConflictRegion region = r.regions().get(i);
            int piece = at.get(i);
            String key = region.text(Side.BASE) + "\0" + region.text(Side.THEIRS) + "\0" + region.text(Side.YOURS);
            String reason;
            String text;
            if (memory.containsKey(key)) {
                reason = "remembered";
                text = memory.get(key);
            } else {
                Optional<ConflictRegion.Suggestion> s = region.suggestion();
                reason = s.map(x -> x.reason() == ConflictRegion.Reason.WORDS ? "words" : "both-inserted").orElse(null);
                text = s.map(ConflictRegion.Suggestion::text).orElse(null);
            }
            if (reason != null) {
                boolean right = anyConsistent(t.justified(), row, piece, text);
                if (!right) {
                    dump(t, region, reason, text);
                }
                for (Tally x : tallies) {
                    x.suggested++;
                    x.suggestedRight += right ? 1 : 0;
                    int[] c = x.suggestions.computeIfAbsent(reason, k -> new int[2]);
                    c[0]++;
                    c[1] += right ? 1 : 0;
                }
            }
            // The user resolves the first occurrence as justified (the first, real resolution).
            String resolved = Reachable.only(t.justified().get(0), row, piece);
            if (resolved != null) {
                memory.putIfAbsent(key, resolved);
            }
            if (t.both()) {
                both(t, region, row, piece);
            }
        }
    }

    /**
     * The old page's "both" for a whole triple: every refined conflict hunk as yours then theirs
     * (or every one as theirs then yours), compared with the justified texts.
     */
    private void refinedConcatenation(ConflictCorpus.Triple t, LineMergeResult r) {
        BothTally b = both.computeIfAbsent(t.family() + " / " + t.kind(), k -> new BothTally());
        StringBuilder yoursFirst = new StringBuilder();
        StringBuilder theirsFirst = new StringBuilder();
        for (MergeHunk h : r.hunks()) {
            String y = h.isConflict() ? h.text(Side.YOURS) : h.mergedText();
            String th = h.isConflict() ? h.text(Side.THEIRS) : "";
            yoursFirst.append(concat(y, th));
            theirsFirst.append(h.isConflict() ? concat(th, y) : y);
        }
        b.triples++;
        String candidate = yoursFirst.toString();
        if (t.justified().contains(candidate) || t.justified().contains(theirsFirst.toString())) {
            b.refinedConcatRight++;
        } else {
            b.refinedConcatDuplicates += duplicates(candidate, t.justified().get(0)) ? 1 : 0;
            b.refinedConcatGlues += glues(candidate, t.justified().get(0)) ? 1 : 0;
        }
    }

    private void both(ConflictCorpus.Triple t, ConflictRegion region, List<Reachable.Piece> row, int piece) {
        BothTally b = both.computeIfAbsent(t.family() + " / " + t.kind(), k -> new BothTally());
        String y = region.text(Side.YOURS);
        String th = region.text(Side.THEIRS);
        List<String> concat = List.of(concat(y, th), concat(th, y));
        List<String> joined = List.of(region.both(Side.YOURS), region.both(Side.THEIRS));
        b.regions++;
        boolean concatRight = concat.stream().anyMatch(c -> anyConsistent(t.justified(), row, piece, c));
        boolean bothRight = joined.stream().anyMatch(c -> anyConsistent(t.justified(), row, piece, c));
        if (!bothRight) {
            dump(t, region, "both(yours)", joined.get(0));
        }
        if (!concatRight) {
            dump(t, region, "concat; justified " + Reachable.only(t.justified().get(0), row, piece), concat.get(0));
        }
        b.concatRight += concatRight ? 1 : 0;
        b.bothRight += bothRight ? 1 : 0;
        String justified = null;
        for (String j : t.justified()) {
            justified = justified != null ? justified : Reachable.only(j, row, piece);
        }
        if (justified == null) {
            b.unknown++;
            return;
        }
        if (!concatRight) {
            b.concatDuplicates += duplicates(concat.get(0), justified) ? 1 : 0;
            b.concatGlues += glues(concat.get(0), justified) ? 1 : 0;
        }
        if (!bothRight) {
            b.bothDuplicates += duplicates(joined.get(0), justified) ? 1 : 0;
            b.bothGlues += glues(joined.get(0), justified) ? 1 : 0;
            b.bothDrops += duplicates(justified, joined.get(0)) ? 1 : 0;
            b.bothSpaced += glues(justified, joined.get(0)) ? 1 : 0;
        }
    }

    /** With -Dstet.eval.dump=KIND, prints the first few wrong candidates of that kind, to look at. */
    private void dump(ConflictCorpus.Triple t, ConflictRegion region, String what, String candidate) {
        if (DUMP.equals(t.kind()) && dumped++ < Integer.getInteger("stet.eval.dumps", 6)) {
            System.out.println("=== " + t.source() + " " + region + "\n--- base:\n" + region.text(Side.BASE)
                    + "--- yours:\n" + region.text(Side.YOURS) + "--- theirs:\n" + region.text(Side.THEIRS) + "--- "
                    + what + ":\n" + candidate + "---");
        }
    }

    /** Whether some line occurs more often in the candidate than in the justified text. */
    static boolean duplicates(String candidate, String justified) {
        Map<String, Integer> count = new HashMap<>();
        for (String l : ConflictCorpus.lines(justified)) {
            count.merge(strip(l), 1, Integer::sum);
        }
        for (String l : ConflictCorpus.lines(candidate)) {
            if (count.merge(strip(l), -1, Integer::sum) < 0 && !l.isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the candidate has the justified text's lines but fewer blank ones: paragraphs glued. */
    static boolean glues(String candidate, String justified) {
        List<String> a = nonBlank(candidate);
        a.sort(null);
        List<String> b = nonBlank(justified);
        b.sort(null);
        return a.equals(b) && blanks(candidate) < blanks(justified);
    }

    private static String strip(String line) {
        return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    }

    private static List<String> nonBlank(String text) {
        List<String> out = new ArrayList<>();
        for (String l : ConflictCorpus.lines(text)) {
            if (!l.isBlank()) {
                out.add(strip(l));
            }
        }
        return out;
    }

    private static int blanks(String text) {
        int n = 0;
        for (String l : ConflictCorpus.lines(text)) {
            n += l.isBlank() ? 1 : 0;
        }
        return n;
    }

    /** The old page's choices: per refined conflict hunk, each side, both concatenations, the word merge. */
    static List<Reachable.Piece> refinedChoices(LineMergeResult r) {
        List<Reachable.Piece> out = new ArrayList<>();
        for (MergeHunk h : r.hunks()) {
            if (!h.isConflict()) {
                out.add(Reachable.Piece.of(List.of(h.mergedText())));
                continue;
            }
            String y = h.text(Side.YOURS);
            String t = h.text(Side.THEIRS);
            List<String> choices = new ArrayList<>(List.of(y, t, concat(y, t), concat(t, y)));
            h.wordSuggestion().ifPresent(choices::add);
            out.add(Reachable.Piece.of(choices));
        }
        return out;
    }

    /** The new page's choices: per region, each side, both (either first), the word merge. */
    static List<Reachable.Piece> regionChoices(LineMergeResult r) {
        List<Reachable.Piece> out = new ArrayList<>();
        int h = 0;
        for (ConflictRegion region : r.regions()) {
            for (; h < region.firstHunk(); h++) {
                out.add(Reachable.Piece.of(List.of(r.hunks().get(h).mergedText())));
            }
            List<String> choices = new ArrayList<>(List.of(region.text(Side.YOURS), region.text(Side.THEIRS),
                    region.both(Side.YOURS), region.both(Side.THEIRS)));
            region.words().ifPresent(choices::add);
            out.add(Reachable.Piece.of(choices));
            h = region.endHunk();
        }
        for (; h < r.hunks().size(); h++) {
            out.add(Reachable.Piece.of(List.of(r.hunks().get(h).mergedText())));
        }
        return out;
    }

    /** The stable text around the regions, each region a wildcard. */
    static List<Reachable.Piece> regionRow(LineMergeResult r) {
        List<Reachable.Piece> row = regionChoices(r);
        for (int i : regionPieces(r)) {
            row.set(i, Reachable.Piece.any());
        }
        return row;
    }

    /** The index in {@link #regionChoices} of each region's piece. */
    static List<Integer> regionPieces(LineMergeResult r) {
        List<Integer> out = new ArrayList<>();
        int piece = 0;
        int h = 0;
        for (ConflictRegion region : r.regions()) {
            piece += region.firstHunk() - h;
            out.add(piece++);
            h = region.endHunk();
        }
        return out;
    }

    static String concat(String first, String second) {
        return first.isEmpty() || first.endsWith("\n") ? first + second : first + "\n" + second;
    }

    private static boolean anySpells(List<String> targets, List<Reachable.Piece> pieces) {
        return targets.stream().anyMatch(t -> Reachable.spells(t, pieces));
    }

    private static boolean anyConsistent(List<String> targets, List<Reachable.Piece> row, int piece, String c) {
        return targets.stream().anyMatch(t -> Reachable.consistent(t, row, piece, c));
    }

    private void print() {
        System.out.println();
        System.out.println("1. Conflicted triples resolvable by clicks alone");
        System.out.println(String.format(Locale.ROOT, "  %-44s %8s %15s %15s %15s", "group", "conflicted",
                "refined", "unrefined", "clean (right)"));
        printGroups(ResolutionEvaluation::printClicks);

        System.out.println();
        System.out.println("2. Suggestions per region (priority remembered > words > both-inserted)");
        System.out.println(String.format(Locale.ROOT, "  %-44s %8s %15s %15s  %s", "group", "regions", "suggested",
                "and right", "per kind: regions, right"));
        printGroups(ResolutionEvaluation::printSuggestions);

        System.out.println();
        System.out.println("3. \"Both\" where the justified resolution keeps both sides (regions)");
        System.out.println(String.format(Locale.ROOT, "  %-44s %7s %15s %15s %8s %8s %8s %8s %8s %8s", "kind",
                "regions", "concat right", "both() right", "cat dup", "cat glue", "both dup", "both glu", "both spc",
                "both drop"));
        BothTally sum = new BothTally();
        both.forEach((k, b) -> {
            printBoth(k, b);
            sum.add(b);
        });
        printBoth("all", sum);
        System.out.println("  (dup: a wrong candidate repeats a line; glue: it has the right lines but lost a blank"
                + " line; spc: it has the right lines and an extra blank line; drop: it lacks a line the justified"
                + " text has; " + sum.unknown
                + " regions had no single justified text to compare with)");
        System.out.println();
        System.out.println("3b. The old page's \"both\" on the same triples: every refined conflict hunk"
                + " concatenated, yours first or theirs first");
        System.out.println(String.format(Locale.ROOT, "  %-44s %7s %15s %8s %8s", "kind", "triples", "right", "dup",
                "glue"));
        both.forEach((k, b) -> printRefinedBoth(k, b));
        printRefinedBoth("all", sum);
    }

    /** One row per family, one for all, then one per kind. */
    private void printGroups(BiConsumer<String, Tally> row) {
        byFamily.forEach(row);
        row.accept("all", all);
        System.out.println("  by kind:");
        byKind.forEach((k, v) -> row.accept("  " + k, v));
    }

    private static void printClicks(String name, Tally t) {
        int conflicted = t.triples - t.clean;
        System.out.println(String.format(Locale.ROOT, "  %-44s %8d %15s %15s %15s", name, conflicted,
                share(t.refined, conflicted), share(t.unrefined, conflicted), t.clean + " (" + t.cleanRight + ")"));
    }

    private static void printSuggestions(String name, Tally t) {
        StringBuilder kinds = new StringBuilder();
        t.suggestions.forEach((k, c) -> kinds.append(String.format(Locale.ROOT, "  %s %d, right %s;", k, c[0],
                share(c[1], c[0]))));
        System.out.println(String.format(Locale.ROOT, "  %-44s %8d %15s %15s %s", name, t.regions,
                share(t.suggested, t.regions), share(t.suggestedRight, t.regions), kinds));
    }

    private static void printBoth(String name, BothTally b) {
        System.out.println(String.format(Locale.ROOT, "  %-44s %7d %15s %15s %8d %8d %8d %8d %8d %8d", name,
                b.regions, share(b.concatRight, b.regions), share(b.bothRight, b.regions), b.concatDuplicates,
                b.concatGlues, b.bothDuplicates, b.bothGlues, b.bothSpaced, b.bothDrops));
    }

    private static void printRefinedBoth(String name, BothTally b) {
        System.out.println(String.format(Locale.ROOT, "  %-44s %7d %15s %8d %8d", name, b.triples,
                share(b.refinedConcatRight, b.triples), b.refinedConcatDuplicates, b.refinedConcatGlues));
    }

    private static String share(int n, int of) {
        return of == 0 ? "-" : String.format(Locale.ROOT, "%d (%.1f%%)", n, 100.0 * n / of);
    }

    /** The harness checks its own reachability test before it trusts it. */
    static void selfCheck() {
        List<Reachable.Piece> row = List.of(Reachable.Piece.of(List.of("a\n")),
                Reachable.Piece.of(List.of("x\n", "y\n", "x\ny\n")), Reachable.Piece.of(List.of("b\n")),
                Reachable.Piece.of(List.of("p\n", "q\n")));
        check(Reachable.spells("a\nx\ny\nb\nq\n", row), "a row spells a text made of one choice per piece");
        check(!Reachable.spells("a\ny\nx\nb\nq\n", row), "a row does not spell an order it does not offer");
        check(!Reachable.spells("a\nx\nb\n", row), "every piece must be used");
        List<Reachable.Piece> wild = List.of(Reachable.Piece.of(List.of("a\n")), Reachable.Piece.any(),
                Reachable.Piece.of(List.of("b\n")), Reachable.Piece.any());
        check(Reachable.consistent("a\nx\nb\nz\n", wild, 1, "x\n"), "a candidate agreeing with the target");
        check(!Reachable.consistent("a\nx\nb\nz\n", wild, 1, "y\n"), "a candidate disagreeing with it");
        check("z\n".equals(Reachable.only("a\nx\nb\nz\n", wild, 3)), "the one text a wildcard must be");
        check(Reachable.only("a\nb\nb\n", wild, 1) == null, "no single text when the stable text recurs");
        LineMergeResult r = LineMerge.merge("a\nb\n", "a\nY\nb\n", "a\nT\nb\n");
        check(anySpells(List.of("a\nY\nT\nb\n"), regionChoices(r)), "both sides inserted: both is a choice");
        check(!anySpells(List.of("a\nb\n"), regionChoices(r)), "dropping both insertions is not a choice");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("self-check failed: " + what);
        }
    }
}
