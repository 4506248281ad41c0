package stet.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import stet.diff.TextDiff;
import stet.merge.BothSides;
import stet.merge.ConflictRegion;
import stet.merge.FieldMerge;
import stet.merge.LineMergeResult;
import stet.merge.MergeHunk;
import stet.merge.Side;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.web.Html;

/**
 * What the merge page shows: one row per field that anyone changed, conflicts first,
 * each with the three panes (original, theirs, yours) diffed against the original and
 * folded to their changed regions, the inputs of the result, and the result as the
 * choices made so far give it (undecided conflicts as marked gaps). Built from a
 * {@link SaveOutcome.Conflict}; when a submitted page comes back (with messages, or for
 * a preview), the inputs keep what the user chose and typed.
 */
public final class MergePage {

    /**
     * The choices offered for a conflict in a longtext, in the order shown ("remembered" only
     * when an earlier resolution of the same conflict differs from every other choice).
     */
    public static final List<String> HUNK_CHOICES = List.of("yours", "theirs", "yours_theirs", "theirs_yours", "words",
            "remembered");
    /** The choices of a scalar conflict that decide it. */
    private static final List<String> SCALAR_CHOICES = List.of("yours", "theirs", "typed");

    /**
     * One field's row.
     *
     * @param field the field
     * @param outcome the merge engine's outcome (CONFLICT, THEIRS_ONLY, …)
     * @param label what happened, in words
     * @param original the original value, as lines, folded away from what either side changed
     * @param theirs theirs, diffed against the original, folded
     * @param yours yours, diffed against the original, folded
     * @param value what the field's input holds: the merged value, the free-edit text, or what the user typed
     * @param yoursValue the user's own value (posted back as {@code KEY__yours})
     * @param theirsValue the saved value
     * @param choice the chosen resolution of a scalar conflict, or ""
     * @param mode for a longtext conflict: "choices" or "text"
     * @param parts for a longtext conflict: the result as merged text and conflicting hunks
     * @param result the field's value as the choices made so far give it
     * @param error a message when the row is still undecided, or null
     */
    public record Row(FieldDef field, String outcome, String label, List<Regions.Region<TextDiff.Line>> original,
            List<Regions.Region<TextDiff.Line>> theirs, List<Regions.Region<TextDiff.Line>> yours, String value,
            String yoursValue, String theirsValue, String choice, String mode, List<Part> parts,
            List<ResultPart> result, String error) {

        public boolean conflict() {
            return outcome.equals(FieldMerge.Outcome.CONFLICT.name());
        }

        public boolean lines() {
            return field.type() == FieldType.LONGTEXT;
        }

        /** The field's input, holding {@link #value}, for the {@code input} fragment. */
        public Map<String, Object> input() {
            return FieldInputs.of(field, value, null);
        }

        /** How many decisions the row asks for: one per conflicting hunk, one for a scalar conflict. */
        public int decisions() {
            if (!conflict()) {
                return 0;
            }
            return lines() ? hunks().size() : 1;
        }

        /** The original's pane (see {@link PaneHtml}). */
        public Html originalPane() {
            return PaneHtml.of(original);
        }

        /** Their version's pane. */
        public Html theirsPane() {
            return PaneHtml.of(theirs);
        }

        /** The user's own version's pane. */
        public Html yoursPane() {
            return PaneHtml.of(yours);
        }

        /** The element id of a scalar conflict's choices ({@code conflict-KEY}). */
        public String anchor() {
            return "conflict-" + field.key();
        }

        /** The element id of the row's message ({@code conflict-KEY-error}), which its undecided groups name. */
        public String errorId() {
            return anchor() + "-error";
        }

        /**
         * Whether the page marks {@code hunk} as wrong ({@code aria-invalid}, described by the
         * row's message): the row has a message, and the hunk is undecided, or, when none is
         * (a remembered resolution that no longer holds), any hunk, the message naming which.
         */
        public boolean invalid(Hunk hunk) {
            if (error == null || mode.equals("text")) {
                return false;
            }
            return !hunk.decided() || hunks().stream().allMatch(Hunk::decided);
        }

        /** Whether the free-edit text is what the row's message is about (it still holds conflict markers). */
        public boolean textInvalid() {
            return error != null && lines() && mode.equals("text");
        }

        /** What the result pane shows while the scalar conflict is undecided. */
        public String gap() {
            return ResultPart.gap(0);
        }

        /** A value as the result pane shows it: booleans in words. */
        public String shown(String value) {
            return ResultPart.shown(field, value);
        }

        /** The ids of the undecided conflicts, in page order. */
        List<String> undecidedAnchors() {
            if (!conflict()) {
                return List.of();
            }
            if (!lines()) {
                return SCALAR_CHOICES.contains(choice) ? List.of() : List.of(anchor());
            }
            if (mode.equals("text")) {
                return List.of();
            }
            return hunks().stream().filter(h -> !h.decided()).map(h -> h.anchor(field.key())).toList();
        }

        /** How many of the row's conflicts are decided by the choice suggested for them. */
        public int decidedBySuggestion() {
            if (!conflict() || !lines() || mode.equals("text")) {
                return 0;
            }
            return (int) hunks().stream().filter(Hunk::decidedBySuggestion).count();
        }

        /** Whether an undecided conflict of the row has a suggestion to accept. */
        boolean suggestionLeft() {
            return conflict() && lines() && !mode.equals("text")
                    && hunks().stream().anyMatch(h -> !h.decided() && h.suggestion() != null);
        }

        private List<Hunk> hunks() {
            return parts.stream().filter(p -> p.hunk() != null).map(Part::hunk).toList();
        }
    }

    /** A piece of a longtext result: merged lines (folded away from the conflicts), or a conflicting hunk. */
    public record Part(List<Regions.Region<String>> merged, Hunk hunk) {}

    /**
     * A conflict in a longtext: the whole region the two sides' changes overlap in (see
     * {@link ConflictRegion}).
     *
     * @param number its number in the field, from 1
     * @param original the original lines
     * @param yours your lines
     * @param theirs their lines
     * @param words the word-level merge, when the changes do not touch word by word; else null
     * @param selected the choice made, or ""
     * @param texts what each offered choice puts in the hunk's place
     * @param suggestion the choice suggested, or null
     */
    public record Hunk(int number, String original, String yours, String theirs, String words, String selected,
            Map<String, String> texts, MergeSuggestions.Suggestion suggestion) {

        public boolean decided() {
            return texts.containsKey(selected);
        }

        /** Whether {@code choice} is the one suggested. */
        public boolean suggested(String choice) {
            return suggestion != null && suggestion.choice().equals(choice);
        }

        boolean decidedBySuggestion() {
            return decided() && suggested(selected);
        }

        /** What the result pane shows while the hunk is undecided. */
        public String gap() {
            return ResultPart.gap(number);
        }

        /** The element id of the hunk ({@code conflict-KEY-N}), for the "next conflict" link. */
        public String anchor(String key) {
            return "conflict-" + key + "-" + number;
        }
    }

    /**
     * How many conflicts the page has, how many are still undecided, and where the first of those is.
     *
     * @param total the decisions the page asks for
     * @param left those still open
     * @param next the element id of the first open one, or null
     */
    public record Tally(int total, int left, String next, int bySuggestion, boolean suggestionsLeft) {
        public int decided() {
            return total - left;
        }

        /** What the save button adds for the conflicts decided by a suggestion: " (2 decided by suggestion)". */
        public String suggested() {
            return bySuggestion == 0 ? "" : " (" + bySuggestion + " decided by suggestion)";
        }

        /** "2 of 3 conflicts decided". */
        public String describe() {
            return decided() + " of " + total + " conflict" + (total == 1 ? "" : "s") + " decided";
        }

        /** What the save button adds while conflicts remain: " (1 conflict left)". */
        public String remaining() {
            return left == 0 ? "" : " (" + left + " conflict" + (left == 1 ? "" : "s") + " left)";
        }

        static Tally of(List<Row> rows) {
            List<String> open = rows.stream().flatMap(r -> r.undecidedAnchors().stream()).toList();
            return new Tally(rows.stream().mapToInt(Row::decisions).sum(), open.size(),
                    open.isEmpty() ? null : open.get(0), rows.stream().mapToInt(Row::decidedBySuggestion).sum(),
                    rows.stream().anyMatch(Row::suggestionLeft));
        }
    }

    private MergePage() {}

    /**
     * The rows of the page, conflicts first, then the other fields anyone changed.
     *
     * @param remembered earlier resolutions of this collection's conflicts, by
     *                   {@link RememberedResolutions#key} of their three texts
     */
    public static List<Row> rows(Collection collection, SaveOutcome.Conflict conflict, String theirsName,
            Map<String, RememberedResolution> remembered, Instant now) {
        MergeAction action = conflict.posted() == null ? MergeAction.NONE : MergeAction.of(conflict.posted());
        List<Row> rows = new ArrayList<>();
        for (FieldMerge merge : conflict.merge().fields()) {
            if (merge.outcome() == FieldMerge.Outcome.UNCHANGED) {
                continue;
            }
            Optional<FieldDef> field = collection.field(merge.key());
            if (field.isEmpty()) {
                continue; // not shown any more; the service keeps its stored value
            }
            rows.add(row(field.get(), merge, conflict.posted(), conflict.errors().get(merge.key()), theirsName,
                    new MergeSuggestions(remembered, now), action));
        }
        rows.sort(Comparator.comparing((Row r) -> !r.conflict()));
        return rows;
    }

    /** The conflicts counter of the page's rows. */
    public static Tally tally(List<Row> rows) {
        return Tally.of(rows);
    }

    /** Fields nobody changed: posted unchanged as hidden inputs. */
    public static List<Map.Entry<String, String>> unchanged(Collection collection, SaveOutcome.Conflict conflict) {
        List<Map.Entry<String, String>> hidden = new ArrayList<>();
        for (FieldDef field : collection.fields()) {
            boolean untouched = conflict.merge().field(field.key())
                    .map(m -> m.outcome() == FieldMerge.Outcome.UNCHANGED)
                    .orElse(true);
            if (untouched) {
                hidden.add(Map.entry(field.key(), conflict.merge().value(field.key())));
            }
        }
        return hidden;
    }

    /** The keys of the conflicts a merge page shows, for {@link RememberedResolutions#find}. */
    static List<String> conflictKeys(SaveOutcome.Conflict conflict) {
        List<String> keys = new ArrayList<>();
        for (FieldMerge merge : conflict.merge().fields()) {
            if (!merge.isConflict()) {
                continue;
            }
            LineMergeResult lines = merge.lines().orElse(null);
            if (lines == null) {
                keys.add(RememberedResolutions.key(merge.base(), merge.theirs(), merge.yours()));
                continue;
            }
            for (ConflictRegion region : lines.regions()) {
                keys.add(RememberedResolutions.key(region.text(Side.BASE), region.text(Side.THEIRS),
                        region.text(Side.YOURS)));
            }
        }
        return keys;
    }

    private static Row row(FieldDef field, FieldMerge merge, Map<String, List<String>> posted, String error,
            String theirsName, MergeSuggestions suggestions, MergeAction action) {
        String key = field.key();
        // Each diff once (each within TextDiff's work budget), for the original's pane and its side's.
        List<TextDiff.Row> toTheirs = TextDiff.sideBySide(merge.base(), merge.theirs());
        List<TextDiff.Row> toYours = TextDiff.sideBySide(merge.base(), merge.yours());
        List<Regions.Region<TextDiff.Line>> original = Regions.ofOriginal(merge.base(), List.of(toTheirs, toYours));
        List<Regions.Region<TextDiff.Line>> theirs = Regions.ofDiff(TextDiff.inline(toTheirs));
        List<Regions.Region<TextDiff.Line>> yours = Regions.ofDiff(TextDiff.inline(toYours));
        String side = action.sideFor(key);
        String choice = side != null ? side : posted(posted, key + Resolution.CHOICE).orElse("");
        String mode = side != null ? "choices" : posted(posted, key + Resolution.MODE).orElse("choices");
        boolean longtext = field.type() == FieldType.LONGTEXT;
        List<Part> parts = merge.isConflict() && longtext
                ? parts(merge, posted, key, suggestions, side, action.acceptSuggestions() && mode.equals("choices"))
                : List.of();
        String value;
        List<ResultPart> result;
        if (!merge.isConflict()) {
            value = posted(posted, key).orElse(merge.merged());
            result = List.of(ResultPart.merged(field, value));
        } else if (!longtext) {
            // The typed box starts empty: choosing it is a decision of its own.
            value = posted(posted, key).orElse("");
            result = List.of(ResultPart.scalar(field, choice, merge.yours(), merge.theirs(), value));
        } else if (mode.equals("text")) {
            value = posted(posted, key).orElse(proposal(parts));
            result = List.of(new ResultPart(ResultPart.Kind.CHOSEN, value, 0));
        } else {
            value = proposal(parts);
            result = ResultPart.ofParts(parts);
        }
        return new Row(field, merge.outcome().name(), label(merge, theirsName), original, theirs, yours, value,
                merge.yours(), merge.theirs(), choice, mode, parts, result, error);
    }

    /**
     * A conflicting longtext as the page shows it: the merged text between conflicts, and each
     * conflict as its whole region (see {@link ConflictRegion}), with the choice posted for it,
     * or {@code side} (every conflict set to one side), or its suggestion when {@code accept}.
     */
    private static List<Part> parts(FieldMerge merge, Map<String, List<String>> posted, String key,
            MergeSuggestions suggestions, String side, boolean accept) {
        List<Part> parts = new ArrayList<>();
        LineMergeResult lines = merge.lines().orElse(null);
        if (lines == null) {
            // Not line-merged (too large for the work budget): the whole field is one conflict.
            Map<String, String> texts = new LinkedHashMap<>();
            texts.put("yours", merge.yours());
            texts.put("theirs", merge.theirs());
            texts.put("yours_theirs", BothSides.join(merge.yours(), merge.theirs()));
            texts.put("theirs_yours", BothSides.join(merge.theirs(), merge.yours()));
            parts.add(new Part(List.of(), hunk(1, merge.base(), merge.yours(), merge.theirs(), texts, null,
                    suggestions, posted, key, side, accept)));
            return parts;
        }
        List<MergeHunk> hunks = lines.hunks();
        List<ConflictRegion> regions = lines.regions();
        StringBuilder stable = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < hunks.size()) {
            if (next < regions.size() && regions.get(next).firstHunk() == i) {
                addStable(parts, stable, next > 0, true);
                ConflictRegion region = regions.get(next++);
                Map<String, String> texts = new LinkedHashMap<>();
                for (String choice : HUNK_CHOICES) {
                    Resolution.choose(region, choice).ifPresent(text -> texts.put(choice, text));
                }
                parts.add(new Part(List.of(), hunk(next, region.text(Side.BASE), region.text(Side.YOURS),
                        region.text(Side.THEIRS), texts, region.suggestion().orElse(null), suggestions, posted, key,
                        side, accept)));
                i = region.endHunk();
                continue;
            }
            stable.append(hunks.get(i++).mergedText());
        }
        addStable(parts, stable, !regions.isEmpty(), false);
        return parts;
    }

    private static void addStable(List<Part> parts, StringBuilder stable, boolean afterConflict, boolean beforeConflict) {
        if (stable.length() > 0) {
            parts.add(new Part(Regions.between(linesOf(stable.toString()), afterConflict, beforeConflict), null));
            stable.setLength(0);
        }
    }

    private static Hunk hunk(int number, String original, String yours, String theirs, Map<String, String> texts,
            ConflictRegion.Suggestion engine, MergeSuggestions suggestions, Map<String, List<String>> posted, String key,
            String side, boolean accept) {
        RememberedResolution earlier = suggestions.remembered(original, theirs, yours);
        MergeSuggestions.Suggestion suggestion = suggestions.of(earlier, texts, engine);
        if (suggestion != null && suggestion.choice().equals("remembered")) {
            // The text the user saw is what they save (posted back as KEY__remembered_N, and checked
            // against the one on record). A posted text is never offered back: it is no one's resolution.
            texts.put("remembered", earlier.text());
        }
        String selected = side != null ? side : posted(posted, key + Resolution.HUNK + number).orElse("");
        if (accept && !texts.containsKey(selected) && suggestion != null) {
            selected = suggestion.choice();
        }
        return new Hunk(number, original, yours, theirs, texts.get("words"), selected, texts, suggestion);
    }

    /** A text's lines, each with its line break (the last may have none). */
    static List<String> linesOf(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            lines.add(text.substring(start, end));
            start = end;
        }
        return lines;
    }

    /**
     * The text the free-edit box starts from: the result as it stands, without conflict
     * markers; an undecided conflict holds both sides, yours first, to be edited down.
     */
    static String proposal(List<Part> parts) {
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            if (part.hunk() == null) {
                part.merged().forEach(region -> region.lines().forEach(text::append));
                continue;
            }
            Hunk hunk = part.hunk();
            text.append(hunk.decided() ? hunk.texts().get(hunk.selected()) : hunk.texts().get("yours_theirs"));
        }
        return text.toString();
    }

    private static String label(FieldMerge merge, String theirsName) {
        return switch (merge.outcome()) {
            case THEIRS_ONLY -> "Only " + theirsName + " changed this: their value is kept.";
            case YOURS_ONLY -> "Only you changed this: your value is kept.";
            case SAME_CHANGE -> "You both made the same change.";
            case MERGED_LINES -> "You both changed this, in different lines: both changes are kept.";
            case DELTA_MERGED -> "You both changed this number: " + merge.theirs() + " + (" + merge.yours() + " − "
                    + merge.base() + ") = " + merge.merged() + ".";
            case CONFLICT -> merge.reason();
            case UNCHANGED -> "Nobody changed this.";
        };
    }

    static Optional<String> posted(Map<String, List<String>> posted, String name) {
        if (posted == null) {
            return Optional.empty();
        }
        List<String> values = posted.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        // A checkbox posts a hidden "false" before its "true".
        return Optional.of(values.contains("true") ? "true" : values.get(values.size() - 1));
    }
}
