package stet.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Large merge inputs in the four shapes the benchmark and the large agreement test use, built
 * deterministically from a seed out of prose-like lines (with the blank and brace lines real
 * texts repeat):
 *
 * <ul>
 *   <li>SCATTERED: each side edits about 1% of the lines, in separate places;
 *   <li>OVERLAPPING: about 1% of the lines are edited by both sides, differently;
 *   <li>HEAVY: each side rewrites about half the lines, in runs of 1 to 8;
 *   <li>REWRITE: yours makes scattered edits, theirs shares almost no line with the base.
 * </ul>
 * Public so that the JMH benchmark (its own source folder) can use it.
 */
public final class LargeTriples {

    /** The shape of the edits. */
    public enum Variant {
        SCATTERED, OVERLAPPING, HEAVY, REWRITE
    }

    /** Base, yours and theirs texts. */
    public record Triple(String base, String yours, String theirs) {
    }

    private static final String[] WORDS = (
            "the of and to in is was for on that with as by at from his her it an were are which "
            + "this be or has had not but have one their they all its new after been also two first "
            + "record field value merge version saved edited user base theirs yours line text note "
            + "inventory contact article price stock amount owner status open closed pending review "
            + "alpha beta gamma delta epsilon zeta theta kappa lambda sigma omega north south east west")
            .split(" ");

    private final Random random;

    private LargeTriples(long seed) {
        this.random = new Random(seed);
    }

    public static Triple generate(Variant variant, int lines, long seed) {
        return new LargeTriples(seed).build(variant, lines);
    }

    /**
     * Texts whose lines all come from a pool of {@code poolSize} distinct lines, each side
     * rewriting about half of them: every line has many matches, so the diff cannot set lines
     * aside and must search, long enough for xdiff's cost cut-offs to decide the alignment.
     */
    public static Triple pooled(int lines, int poolSize, long seed) {
        return pooled(lines, poolSize, 8, seed);
    }

    /** As {@link #pooled(int, int, long)}, keeping runs of up to {@code maxKeep} base lines. */
    public static Triple pooled(int lines, int poolSize, int maxKeep, long seed) {
        LargeTriples g = new LargeTriples(seed);
        List<String> pool = new ArrayList<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            pool.add(g.line() + " #" + i);
        }
        List<String> base = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            base.add(pool.get(g.random.nextInt(poolSize)));
        }
        return new Triple(join(base), join(g.rewriteFromPool(base, pool, maxKeep)),
                join(g.rewriteFromPool(base, pool, maxKeep)));
    }

    private List<String> rewriteFromPool(List<String> base, List<String> pool, int maxKeep) {
        List<String> out = new ArrayList<>(base.size());
        int i = 0;
        boolean rewrite = random.nextBoolean();
        while (i < base.size()) {
            int run = 1 + random.nextInt(rewrite ? 8 : maxKeep);
            for (int k = 0; k < run && i < base.size(); k++, i++) {
                out.add(rewrite ? pool.get(random.nextInt(pool.size())) : base.get(i));
            }
            rewrite = !rewrite;
        }
        return out;
    }

    private Triple build(Variant variant, int n) {
        List<String> base = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            base.add(line());
        }
        List<String> yours;
        List<String> theirs;
        switch (variant) {
            case SCATTERED -> {
                yours = scattered(base, 0);
                theirs = scattered(base, 1);
            }
            case OVERLAPPING -> {
                List<Integer> spots = new ArrayList<>();
                for (int i = 5; i < n - 5; i += 50 + random.nextInt(100)) {
                    spots.add(i);
                }
                yours = overlapping(base, spots);
                theirs = overlapping(base, spots);
            }
            case HEAVY -> {
                yours = rewriteHalf(base);
                theirs = rewriteHalf(base);
            }
            default -> {
                yours = scattered(base, 0);
                theirs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    theirs.add(line());
                }
            }
        }
        return new Triple(join(base), join(yours), join(theirs));
    }

    private String line() {
        int r = random.nextInt(100);
        if (r < 8) {
            return "";
        }
        if (r < 11) {
            return "}";
        }
        StringBuilder sb = new StringBuilder();
        int words = 3 + random.nextInt(9);
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[random.nextInt(WORDS.length)]);
        }
        if (random.nextInt(3) == 0) {
            sb.append(' ').append(random.nextInt(100_000));
        }
        return sb.toString();
    }

    /** Edits one line in about one block of 50 out of 2 (per side), alternating blocks by side. */
    private List<String> scattered(List<String> base, int parity) {
        List<String> out = new ArrayList<>(base.size());
        int block = 50;
        for (int start = 0; start < base.size(); start += block) {
            int end = Math.min(base.size(), start + block);
            boolean mine = (start / block) % 2 == parity && random.nextBoolean();
            int at = start + 10 + random.nextInt(Math.max(1, end - start - 20));
            for (int i = start; i < end; i++) {
                if (mine && i == at) {
                    switch (random.nextInt(3)) {
                        case 0 -> out.add(line());                 // replace
                        case 1 -> {
                            out.add(base.get(i));
                            out.add(line());                        // insert
                        }
                        default -> {
                        }                                          // delete
                    }
                } else {
                    out.add(base.get(i));
                }
            }
        }
        return out;
    }

    private List<String> overlapping(List<String> base, List<Integer> spots) {
        List<String> out = new ArrayList<>(base);
        for (int k = spots.size() - 1; k >= 0; k--) {
            int at = spots.get(k) + random.nextInt(2);
            out.set(at, line());
            if (random.nextBoolean()) {
                out.add(at + 1, line());
            }
        }
        return out;
    }

    private List<String> rewriteHalf(List<String> base) {
        List<String> out = new ArrayList<>(base.size());
        int i = 0;
        boolean rewrite = random.nextBoolean();
        while (i < base.size()) {
            int run = 1 + random.nextInt(8);
            for (int k = 0; k < run && i < base.size(); k++, i++) {
                out.add(rewrite ? line() : base.get(i));
            }
            rewrite = !rewrite;
        }
        return out;
    }

    private static String join(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }
}
