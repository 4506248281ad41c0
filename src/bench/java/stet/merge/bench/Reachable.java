package stet.merge.bench;

import java.util.BitSet;
import java.util.List;

/**
 * Whether a target text can be spelled by a row of pieces, each piece one of a few choices: a
 * dynamic programme over offsets in the target (the set of offsets reachable after each piece),
 * never an enumeration of combinations, so a triple with many conflicts costs no more than the
 * sum of its pieces.
 *
 * <p>A piece is either a set of choices (a stable hunk is a set of one) or a wildcard (any text:
 * "the other regions, whatever they resolve to"); a wildcard is what lets {@link #consistent}
 * ask whether one region's candidate agrees with a whole-text resolution without knowing how
 * the other regions were resolved.
 */
final class Reachable {

    /** One piece of the row: its choices, or null for a wildcard. */
    record Piece(List<String> choices) {
        static Piece any() {
            return new Piece(null);
        }

        static Piece of(List<String> choices) {
            return new Piece(List.copyOf(choices));
        }

        boolean wildcard() {
            return choices == null;
        }
    }

    private Reachable() {
    }

    /** Whether some choice per piece, in order, gives exactly {@code target}. */
    static boolean spells(String target, List<Piece> pieces) {
        return forward(target, pieces, pieces.size()).get(target.length());
    }

    /**
     * Whether piece {@code index} (a wildcard in {@code pieces}) can be {@code candidate} while
     * the whole row still spells {@code target}.
     */
    static boolean consistent(String target, List<Piece> pieces, int index, String candidate) {
        BitSet starts = forward(target, pieces, index);
        BitSet ends = backward(target, pieces, index + 1);
        for (int s = starts.nextSetBit(0); s >= 0; s = starts.nextSetBit(s + 1)) {
            if (target.startsWith(candidate, s) && ends.get(s + candidate.length())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The one text piece {@code index} (a wildcard) must be for the row to spell {@code target},
     * or null when there is none or more than one (the stable text around it recurs).
     */
    static String only(String target, List<Piece> pieces, int index) {
        BitSet starts = forward(target, pieces, index);
        BitSet ends = backward(target, pieces, index + 1);
        if (starts.cardinality() != 1 || ends.cardinality() != 1) {
            return null;
        }
        int s = starts.nextSetBit(0);
        int e = ends.nextSetBit(0);
        return s <= e ? target.substring(s, e) : null;
    }

    /** The offsets where the first {@code count} pieces can end, having started at 0. */
    private static BitSet forward(String target, List<Piece> pieces, int count) {
        BitSet at = new BitSet(target.length() + 1);
        at.set(0);
        for (int k = 0; k < count && !at.isEmpty(); k++) {
            Piece piece = pieces.get(k);
            BitSet next = new BitSet(target.length() + 1);
            if (piece.wildcard()) {
                next.set(at.nextSetBit(0), target.length() + 1);
            } else {
                for (int p = at.nextSetBit(0); p >= 0; p = at.nextSetBit(p + 1)) {
                    for (String c : piece.choices()) {
                        if (target.startsWith(c, p)) {
                            next.set(p + c.length());
                        }
                    }
                }
            }
            at = next;
        }
        return at;
    }

    /** The offsets from which the pieces from {@code from} on can spell the rest of the target. */
    private static BitSet backward(String target, List<Piece> pieces, int from) {
        BitSet at = new BitSet(target.length() + 1);
        at.set(target.length());
        for (int k = pieces.size() - 1; k >= from && !at.isEmpty(); k--) {
            Piece piece = pieces.get(k);
            BitSet next = new BitSet(target.length() + 1);
            if (piece.wildcard()) {
                next.set(0, at.previousSetBit(target.length()) + 1);
            } else {
                for (int p = at.nextSetBit(0); p >= 0; p = at.nextSetBit(p + 1)) {
                    for (String c : piece.choices()) {
                        int s = p - c.length();
                        if (s >= 0 && target.startsWith(c, s)) {
                            next.set(s);
                        }
                    }
                }
            }
            at = next;
        }
        return at;
    }
}
