package stet.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import stet.merge.ConflictRegion;
import stet.merge.LineMerge;
import stet.merge.LineMergeResult;
import stet.merge.MergeHunk;
import stet.merge.Side;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.schema.Validation;

/**
 * Turns a submitted merge page into a record form. For each field in conflict the page
 * posts {@code KEY__conflict}, the user's own value ({@code KEY__yours}) and a choice: for a scalar,
 * {@code KEY__choice} = {@code yours}, {@code theirs} or {@code typed} (the value in
 * {@code KEY}); for a longtext, either {@code KEY__mode=text} (the edited text in
 * {@code KEY} is taken as it is) or one choice per conflicting hunk,
 * {@code KEY__hunk_N} = {@code yours}, {@code theirs}, {@code yours_theirs},
 * {@code theirs_yours} or {@code words} (then {@code KEY} is not needed: the page's script
 * leaves it out, so that a long text is not sent twice). The hunks are recomputed from the same three
 * texts the page showed (original and theirs come from the revisions), so a choice
 * means exactly the lines the user saw.
 */
final class Resolution {

    /**
     * The form with every conflict replaced by its chosen value, or a message per field still
     * undecided; and what each conflict decided by a choice was given, by
     * {@link RememberedResolutions#key} of its three texts.
     */
    record Assembled(Map<String, List<String>> form, Map<String, String> errors, Map<String, String> decided) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    /** Whether a posted merge page asks to be shown again rather than saved (Preview, all yours or theirs, suggestions). */
    static boolean showAgain(Map<String, List<String>> form) {
        return form.containsKey(PREVIEW) || form.containsKey(ALL) || form.containsKey(ACCEPT_SUGGESTIONS);
    }

    static final String YOURS = "__yours";
    static final String CONFLICT = "__conflict";
    static final String CHOICE = "__choice";
    static final String MODE = "__mode";
    static final String HUNK = "__hunk_";
    /** The merge page's "Preview" button: show the page again with the result of the choices, save nothing. */
    static final String PREVIEW = "__preview";
    /** The "all yours" and "all theirs" buttons: {@code yours}, {@code theirs}, {@code yours:KEY}, {@code theirs:KEY}. */
    static final String ALL = "__all";
    /** The "Accept all suggestions" button. */
    static final String ACCEPT_SUGGESTIONS = "__accept_suggestions";
    /** The text of an earlier resolution offered for conflict N, as the page showed it. */
    static final String REMEMBERED = "__remembered_";
    /** The choice of a conflict's earlier resolution. */
    private static final String REMEMBERED_CHOICE = "remembered";

    private static final Pattern OPENING = Pattern.compile("(?m)^<{7}( |$)");
    private static final Pattern CLOSING = Pattern.compile("(?m)^>{7}( |$)");

    private Resolution() {}

    /**
     * Assembles a posted merge page. {@code remembered} gives the resolution on record for a
     * conflict's {@link RememberedResolutions#key}, if any: a conflict posted as
     * {@code remembered} takes that text, and only when the page posted the same text back.
     */
    static Assembled assemble(Collection collection, Map<String, List<String>> form,
            Map<String, String> original, Map<String, String> theirs, Function<String, Optional<String>> remembered) {
        Map<String, List<String>> out = new HashMap<>(form);
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, String> decided = new LinkedHashMap<>();
        for (FieldDef field : collection.fields()) {
            String key = field.key();
            if (!form.containsKey(key + CONFLICT)) {
                continue;
            }
            String yours = first(form, key + YOURS);
            if (field.type() == FieldType.LONGTEXT) {
                // Line breaks are LF already: the form was read with stet.web.Forms.all.
                longtext(key, form, original.getOrDefault(key, ""), yours, theirs.getOrDefault(key, ""), remembered, out,
                        errors, decided);
            } else {
                String choice = first(form, key + CHOICE);
                switch (choice) {
                    case "yours" -> out.put(key, List.of(yours));
                    case "theirs" -> out.put(key, List.of(theirs.getOrDefault(key, "")));
                    case "typed" -> { } // the value typed in the field's own input stays
                    default -> errors.put(key, "Choose your value, theirs, or type a new one.");
                }
            }
        }
        putRemoved(collection, form, original, theirs, out);
        return new Assembled(out, errors, decided);
    }

    private static void longtext(String key, Map<String, List<String>> form, String original, String yours, String theirs,
            Function<String, Optional<String>> remembered, Map<String, List<String>> out, Map<String, String> errors,
            Map<String, String> decided) {
        if ("text".equals(first(form, key + MODE))) {
            String text = first(form, key);
            if (hasMarkers(text)) {
                errors.put(key, "The text still has conflict markers (<<<<<<<, =======, >>>>>>>): "
                        + "edit them out, or resolve conflict by conflict instead.");
            }
            return;
        }
        LineMergeResult merge = LineMerge.merge(original, yours, theirs);
        List<MergeHunk> hunks = merge.hunks();
        List<ConflictRegion> regions = merge.regions();
        Map<String, String> chosen = new LinkedHashMap<>();
        List<Integer> undecided = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < hunks.size()) {
            if (next >= regions.size() || regions.get(next).firstHunk() != i) {
                text.append(hunks.get(i++).mergedText());
                continue;
            }
            ConflictRegion region = regions.get(next++);
            String conflict = RememberedResolutions.key(region.text(Side.BASE), region.text(Side.THEIRS),
                    region.text(Side.YOURS));
            String choiceName = first(form, key + HUNK + next);
            Optional<String> choice;
            if (REMEMBERED_CHOICE.equals(choiceName)) {
                // Never the posted text alone: it would be saved, and remembered for everyone, as someone's resolution.
                String posted = only(form, key + REMEMBERED + next);
                choice = remembered.apply(conflict).filter(stored -> stored.equals(posted));
                if (choice.isEmpty()) {
                    errors.put(key, "There is no earlier resolution of conflict " + next + " as the page showed it (it"
                            + " may have changed since): choose again.");
                    return;
                }
            } else {
                choice = choose(region, choiceName);
            }
            if (choice.isEmpty()) {
                undecided.add(next);
            } else {
                chosen.put(conflict, choice.get());
                text.append(choice.get());
            }
            i = region.endHunk();
        }
        if (!undecided.isEmpty()) {
            // Every undecided conflict points at this message: it names them all.
            errors.put(key, "Choose how to resolve " + conflicts(undecided) + " (or edit the whole text).");
            return;
        }
        out.put(key, List.of(text.toString()));
        decided.putAll(chosen);
    }

    /** "conflict 2", "conflicts 1 and 3", "conflicts 1, 2 and 4". */
    static String conflicts(List<Integer> numbers) {
        if (numbers.size() == 1) {
            return "conflict " + numbers.get(0);
        }
        String firsts = numbers.subList(0, numbers.size() - 1).stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", "));
        return "conflicts " + firsts + " and " + numbers.get(numbers.size() - 1);
    }

    /**
     * The text a choice puts in place of a conflict region; empty when not offered, and for
     * {@code remembered}, whose text is the resolution on record (see {@link #assemble}).
     */
    static Optional<String> choose(ConflictRegion region, String choice) {
        return switch (choice) {
            case "yours" -> Optional.of(region.text(Side.YOURS));
            case "theirs" -> Optional.of(region.text(Side.THEIRS));
            case "yours_theirs" -> Optional.of(region.both(Side.YOURS));
            case "theirs_yours" -> Optional.of(region.both(Side.THEIRS));
            case "words" -> region.words();
            default -> Optional.empty();
        };
    }

    static boolean hasMarkers(String text) {
        return OPENING.matcher(text).find() && CLOSING.matcher(text).find();
    }

    /**
     * What a merge page came to for fields it showed ({@link Validation#FORM_FIELDS}) that
     * {@code collection} no longer has (an admin removed them while it was open), where that
     * differs from {@code stored} and from {@code theirs} (the values the page showed): a
     * choice made, a value typed, a text edited, or, for a conflict left undecided, what the
     * page holds for it (the user's own value, or the text with both sides). It can no longer
     * be saved; the page shows it to copy.
     */
    static Map<String, String> removed(Collection collection, Map<String, List<String>> form,
            Map<String, String> original, Map<String, String> theirs, Map<String, String> stored) {
        Map<String, List<String>> resolved = new HashMap<>(form);
        putRemoved(collection, form, original, theirs, resolved);
        // As the page showed it (theirs), though changed since, it is nothing the user decided.
        return Validation.typedOver(Validation.typedIntoRemoved(collection, resolved, stored), theirs);
    }

    /**
     * Puts in {@code out} each conflict of a field the page showed that {@code collection} no
     * longer has, as the page resolved it or holds it (see {@link #removed}): what validation
     * then finds typed into a removed field.
     */
    private static void putRemoved(Collection collection, Map<String, List<String>> form, Map<String, String> original,
            Map<String, String> theirs, Map<String, List<String>> out) {
        List<String> shown = form.getOrDefault(Validation.FORM_FIELDS, List.of());
        if (shown.isEmpty()) {
            return;
        }
        for (String key : shown.get(0).split(" ")) {
            if (!key.isEmpty() && collection.field(key).isEmpty() && form.containsKey(key + CONFLICT)) {
                out.put(key, List.of(resolvedRemoved(key, form, original.getOrDefault(key, ""),
                        theirs.getOrDefault(key, ""))));
            }
        }
    }

    /** A removed field's conflict as the page resolved it, or as it holds it when undecided. */
    private static String resolvedRemoved(String key, Map<String, List<String>> form, String original, String theirs) {
        String yours = first(form, key + YOURS);
        // A scalar posts a choice once one is made; a longtext always posts its mode.
        if (form.containsKey(key + CHOICE) || !form.containsKey(key + MODE)) {
            return switch (first(form, key + CHOICE)) {
                case "theirs" -> theirs;
                case "typed" -> last(form, key);
                default -> yours;
            };
        }
        // A longtext: its conflicts' choices, else the text as edited (or as the page showed it, both sides in;
        // the page's script does not send that box while the field is resolved conflict by conflict: then the
        // user's own text).
        Map<String, List<String>> out = new HashMap<>();
        Map<String, String> errors = new HashMap<>();
        longtext(key, form, original, yours, theirs, conflict -> Optional.empty(), out, errors, new HashMap<>());
        if (errors.isEmpty() && out.containsKey(key)) {
            return out.get(key).get(0);
        }
        return form.containsKey(key) ? first(form, key) : yours;
    }

    /** The value posted under {@code name}, or null when none was. */
    private static String only(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    /** The last value posted under {@code name} (a ticked checkbox's, after its hidden "false"), or "". */
    private static String last(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? "" : values.get(values.size() - 1);
    }
}
