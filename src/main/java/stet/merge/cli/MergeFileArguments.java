package stet.merge.cli;

import java.util.ArrayList;
import java.util.List;
import stet.merge.LineMergeOptions;
import stet.merge.MergeFormatter;

/**
 * The command line of {@code merge-file}, parsed as git 2.39's option parser parses
 * {@code git merge-file}'s: long options in any unique abbreviation, {@code --no-} negations,
 * {@code --opt=value} and {@code --opt value}, bundled short flags ({@code -pq}, {@code -Lname}),
 * options after file names, {@code --} to end them; and git's own error messages.
 *
 * <p>Arguments arrive as bytes, one ISO-8859-1 char per byte, so that labels and file names are
 * kept byte for byte whatever the locale; option names are ASCII, so they compare as usual.
 */
final class MergeFileArguments {

    /** What a command line asks for: a merge, the help, or a usage error. */
    sealed interface Parsed permits Merge, Help, Usage {
    }

    /**
     * A merge to run.
     *
     * @param files      yours, base and theirs, as given (bytes in chars)
     * @param labels     -L labels in order, at most three (bytes in chars)
     * @param toStdout   -p: print the result rather than overwrite yours
     * @param conflicts  REFINED (default), WHOLE (--diff3) or TRIMMED (--zdiff3)
     * @param favor      --ours, --theirs or --union; null to write conflicts out
     * @param markerSize the marker length; 0 or less means git's default
     * @param quiet      -q: nothing on standard error once the command line is read
     */
    record Merge(List<String> files, List<String> labels, boolean toStdout, LineMergeOptions.Conflicts conflicts,
            MergeFormatter.Favor favor, int markerSize, boolean quiet) implements Parsed {
    }

    /** {@code -h} or {@code --help}: the usage on standard output. */
    record Help() implements Parsed {
    }

    /**
     * A wrong command line: git's error line ({@code null} when git prints only the usage, as for
     * a wrong number of files), then the usage on standard error; or, for an ambiguous
     * abbreviation, as git does, the usage on standard output.
     */
    record Usage(String error, boolean usageOnStdout) implements Parsed {
    }

    /** git's own option kinds, which decide negation and values. */
    private enum Kind {
        BOOL, STYLE, FAVOR, INTEGER, COUNT
    }

    /** git's option table for merge-file, in git's order (the order decides ambiguity messages). */
    private record Option(String name, Kind kind, int value) {
    }

    private static final List<Option> OPTIONS = List.of(
            new Option("stdout", Kind.BOOL, 1),
            new Option("diff3", Kind.STYLE, 1),
            new Option("zdiff3", Kind.STYLE, 2),
            new Option("ours", Kind.FAVOR, 1),
            new Option("theirs", Kind.FAVOR, 2),
            new Option("union", Kind.FAVOR, 3),
            new Option("marker-size", Kind.INTEGER, 0),
            new Option("quiet", Kind.COUNT, 0));

    private final String[] args;
    private int next;
    private final List<String> files = new ArrayList<>(3);
    private final List<String> labels = new ArrayList<>(3);
    private boolean toStdout;
    private int style;
    private int favor;
    private int markerSize;
    private boolean quiet;

    private MergeFileArguments(String[] args) {
        this.args = args;
    }

    static Parsed parse(String[] args) {
        return new MergeFileArguments(args).parse();
    }

    private Parsed parse() {
        boolean optionsEnded = false;
        while (next < args.length) {
            String a = args[next++];
            Parsed stop;
            if (optionsEnded || !a.startsWith("-") || a.equals("-")) {
                files.add(a);
                continue;
            } else if (a.equals("--")) {
                optionsEnded = true;
                continue;
            } else if (a.equals("--help") || a.equals("--help-all")) {
                return new Help();
            } else if (a.startsWith("--")) {
                stop = longOption(a.substring(2));
            } else {
                stop = shortOptions(a.substring(1));
            }
            if (stop != null) {
                return stop;
            }
        }
        if (files.size() != 3) {
            return new Usage(null, false);
        }
        LineMergeOptions.Conflicts conflicts = switch (style) {
            case 1 -> LineMergeOptions.Conflicts.WHOLE;
            case 2 -> LineMergeOptions.Conflicts.TRIMMED;
            default -> LineMergeOptions.Conflicts.REFINED;
        };
        MergeFormatter.Favor favored = switch (favor) {
            case 1 -> MergeFormatter.Favor.YOURS;
            case 2 -> MergeFormatter.Favor.THEIRS;
            case 3 -> MergeFormatter.Favor.UNION;
            default -> null;
        };
        return new Merge(List.copyOf(files), List.copyOf(labels), toStdout, conflicts, favored, markerSize, quiet);
    }

    /** A cluster of short flags: {@code p}, {@code q}, {@code h} and {@code L} (its value the rest, or the next argument). */
    private Parsed shortOptions(String cluster) {
        for (int i = 0; i < cluster.length(); i++) {
            char c = cluster.charAt(i);
            switch (c) {
                case 'p' -> toStdout = true;
                case 'q' -> quiet = true;
                case 'h' -> {
                    return new Help();
                }
                case 'L' -> {
                    String label;
                    if (i + 1 < cluster.length()) {
                        label = cluster.substring(i + 1);
                    } else if (next < args.length) {
                        label = args[next++];
                    } else {
                        return new Usage("switch `L' requires a value", false);
                    }
                    if (labels.size() == 3) {
                        return new Usage("too many labels on the command line", false);
                    }
                    labels.add(label);
                    return null;
                }
                default -> {
                    return new Usage("unknown switch `" + c + "'", false);
                }
            }
        }
        return null;
    }

    /**
     * Ports {@code parse_long_opt}: an exact name (optionally {@code =value}), else a unique
     * abbreviation, of the name or of its {@code no-} negation.
     */
    private Parsed longOption(String arg) {
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg : arg.substring(0, eq);
        Option abbrev = null;
        boolean abbrevUnset = false;
        Option ambiguous = null;
        boolean ambiguousUnset = false;
        String abbrevValue = null;
        for (Option o : OPTIONS) {
            boolean unset = false;
            String rest = arg.startsWith(o.name()) ? arg.substring(o.name().length()) : null;
            if (rest == null) {
                boolean abbreviated;
                if (o.name().startsWith(name)) {
                    abbreviated = true;
                } else if ("no-".startsWith(arg)) {
                    // "--n" and "--no" abbreviate every negation at once.
                    unset = true;
                    abbreviated = true;
                } else if (!arg.startsWith("no-")) {
                    continue;
                } else {
                    unset = true;
                    rest = arg.substring(3).startsWith(o.name()) ? arg.substring(3 + o.name().length()) : null;
                    abbreviated = rest == null && o.name().startsWith(arg.substring(3));
                    if (rest == null && !abbreviated) {
                        continue;
                    }
                }
                if (abbreviated) {
                    if (abbrev != null) {
                        ambiguous = abbrev;
                        ambiguousUnset = abbrevUnset;
                    }
                    if (!unset && eq >= 0) {
                        abbrevValue = arg.substring(eq + 1);
                    }
                    abbrev = o;
                    abbrevUnset = unset;
                    continue;
                }
            }
            String value = null;
            if (!rest.isEmpty()) {
                if (rest.charAt(0) != '=') {
                    continue;
                }
                value = rest.substring(1);
            }
            return apply(o, unset, value);
        }
        if (ambiguous != null) {
            return new Usage("ambiguous option: " + arg + " (could be --" + (ambiguousUnset ? "no-" : "")
                    + ambiguous.name() + " or --" + (abbrevUnset ? "no-" : "") + abbrev.name() + ")", true);
        }
        if (abbrev != null) {
            return apply(abbrev, abbrevUnset, abbrevValue);
        }
        return new Usage("unknown option `" + arg + "'", false);
    }

    /** Ports {@code get_value} for merge-file's option kinds. */
    private Parsed apply(Option o, boolean unset, String value) {
        String shown = "option `" + (unset ? "no-" : "") + o.name() + "'";
        if (value != null && (unset || o.kind() != Kind.INTEGER)) {
            return new Usage(shown + " takes no value", false);
        }
        switch (o.kind()) {
            case BOOL -> toStdout = !unset;
            case STYLE -> style = unset ? 0 : o.value();
            case FAVOR -> favor = unset ? 0 : o.value();
            case COUNT -> quiet = !unset;
            case INTEGER -> {
                if (unset) {
                    markerSize = 0;
                    return null;
                }
                if (value == null) {
                    if (next == args.length) {
                        return new Usage(shown + " requires a value", false);
                    }
                    value = args[next++];
                }
                Long parsed = strtol(value);
                if (parsed == null) {
                    return new Usage(shown + " expects a numerical value", false);
                }
                // C's conversion of strtol's long to int: the low 32 bits.
                markerSize = (int) parsed.longValue();
            }
        }
        return null;
    }

    /**
     * C's {@code strtol(s, &end, 10)} where git then insists that {@code *end == '\0'}: leading
     * white space, a sign, decimal digits, clamped to the range of a 64-bit long; null when
     * anything else is left, or when there are no digits at all.
     */
    static Long strtol(String s) {
        int i = 0;
        while (i < s.length() && " \t\n\u000b\f\r".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        long value = 0;
        boolean overflow = false;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            int d = s.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - d) / 10) {
                overflow = true;
            } else {
                value = value * 10 + d;
            }
            i++;
        }
        if (i == digits || i != s.length()) {
            return null;
        }
        if (overflow) {
            return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return negative ? -value : value;
    }
}
