package stet.merge;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The word-level three-way merge offered as a suggestion inside a line conflict. Texts are cut
 * into words, runs of spaces, line breaks and single punctuation characters; each side is
 * diffed against the base with java-diff-utils (no agreement with git is needed at this level,
 * and hunks are small), and the two scripts are merged by the same {@link Diff3} rules as
 * lines: separate changes merge, touching or overlapping ones conflict, identical ones do not.
 */
final class WordMerge {

    private WordMerge() {
    }

    /** The clean word-level merge, or empty if the sides clash or a text exceeds the limit. */
    static Optional<String> merge(String base, String yours, String theirs, int tokenLimit) {
        List<String> b = tokens(base);
        List<String> y = tokens(yours);
        List<String> t = tokens(theirs);
        if (b.size() > tokenLimit || y.size() > tokenLimit || t.size() > tokenLimit) {
            return Optional.empty();
        }
        Map<String, Integer> ids = new HashMap<>();
        List<Integer> bi = ids(b, ids);
        List<Integer> yi = ids(y, ids);
        List<Integer> ti = ids(t, ids);
        Diff3.Result r = Diff3.merge(toArray(bi), toArray(yi), toArray(ti), edits(bi, yi), edits(bi, ti),
                Diff3.Level.EAGER, null, null);
        if (r.conflicts() > 0) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        for (Diff3.Block block : r.blocks()) {
            if (block.kind() == MergeHunk.Kind.THEIRS) {
                t.subList(block.theirs0(), block.theirs1()).forEach(sb::append);
            } else {
                y.subList(block.yours0(), block.yours1()).forEach(sb::append);
            }
        }
        return Optional.of(sb.toString());
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = i;
            int cp = text.codePointAt(i);
            if (Character.isLetterOrDigit(cp) || cp == '_') {
                do {
                    i += Character.charCount(cp);
                } while (i < n && (Character.isLetterOrDigit(cp = text.codePointAt(i)) || cp == '_'));
            } else if (cp == ' ' || cp == '\t') {
                do {
                    i++;
                } while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t'));
            } else if (cp == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                i += 2;
            } else {
                i += Character.charCount(cp);
            }
            out.add(text.substring(start, i));
        }
        return out;
    }

    private static List<Integer> ids(List<String> tokens, Map<String, Integer> ids) {
        List<Integer> out = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            out.add(ids.computeIfAbsent(token, k -> ids.size()));
        }
        return out;
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<Edit> edits(List<Integer> from, List<Integer> to) {
        List<Edit> edits = new ArrayList<>();
        for (AbstractDelta<Integer> d : DiffUtils.diff(from, to).getDeltas()) {
            edits.add(new Edit(d.getSource().getPosition(), d.getSource().size(),
                    d.getTarget().getPosition(), d.getTarget().size()));
        }
        edits.sort(java.util.Comparator.comparingInt(Edit::preStart));
        return edits;
    }
}
