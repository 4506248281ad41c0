package stet.record;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import stet.merge.LineMerge;
import stet.merge.LineMergeResult;
import stet.merge.MergeHunk;
import stet.merge.Side;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;

/**
 * Turns a submitted merge page into a record form. For each field in conflict the page
 * posts {@code KEY__conflict}, the user's own value ({@code KEY__yours}) and a choice: for a scalar,
 * {@code KEY__choice} = {@code yours}, {@code theirs} or {@code typed} (the value in
 * {@code KEY}); for a longtext, either {@code KEY__mode=text} (the edited text in
 * {@code KEY} is taken as it is) or one choice per conflicting hunk,
 * {@code KEY__hunk_N} = {@code yours}, {@code theirs}, {@code yours_theirs},
 * {@code theirs_yours} or {@code words}. The hunks are recomputed from the same three
 * texts the page showed (original and theirs come from the revisions), so a choice
 * means exactly the lines the user saw.
 */
final class Resolution {

    /** The form with every conflict replaced by its chosen value, or a message per field still undecided. */
    record Assembled(Map<String, List<String>> form, Map<String, String> errors) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    static final String YOURS = "__yours";
    static final String CONFLICT = "__conflict";
    static final String CHOICE = "__choice";
    static final String MODE = "__mode";
    static final String HUNK = "__hunk_";
    /** The merge page's "Preview" button: show the page again with the result of the choices, save nothing. */
    static final String PREVIEW = "__preview";

    private static final Pattern OPENING = Pattern.compile("(?m)^<{7}( |$)");
    private static final Pattern CLOSING = Pattern.compile("(?m)^>{7}( |$)");

    private Resolution() {}

    static Assembled assemble(Collection collection, Map<String, List<String>> form,
            Map<String, String> original, Map<String, String> theirs) {
        Map<String, List<String>> out = new HashMap<>(form);
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldDef field : collection.fields()) {
            String key = field.key();
            if (!form.containsKey(key + CONFLICT)) {
                continue;
            }
            String yours = first(form, key + YOURS);
            if (field.type() == FieldType.LONGTEXT) {
                // Line breaks are LF already: the form was read with stet.web.Forms.all.
                longtext(key, form, original.getOrDefault(key, ""), yours, theirs.getOrDefault(key, ""), out, errors);
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
        return new Assembled(out, errors);
    }

    private static void longtext(String key, Map<String, List<String>> form, String original, String yours, String theirs,
            Map<String, List<String>> out, Map<String, String> errors) {
        if ("text".equals(first(form, key + MODE))) {
            String text = first(form, key);
            if (hasMarkers(text)) {
                errors.put(key, "The text still has conflict markers (<<<<<<<, =======, >>>>>>>): "
                        + "edit them out, or resolve conflict by conflict instead.");
            }
            return;
        }
        LineMergeResult merge = LineMerge.merge(original, yours, theirs);
        StringBuilder text = new StringBuilder();
        int number = 0;
        for (MergeHunk hunk : merge.hunks()) {
            if (!hunk.isConflict()) {
                text.append(hunk.mergedText());
                continue;
            }
            number++;
            Optional<String> chosen = choose(hunk, first(form, key + HUNK + number));
            if (chosen.isEmpty()) {
                errors.put(key, "Choose how to resolve conflict " + number + " (or edit the whole text).");
                return;
            }
            text.append(chosen.get());
        }
        out.put(key, List.of(text.toString()));
    }

    /** The text a choice puts in place of a conflicting hunk. */
    static Optional<String> choose(MergeHunk hunk, String choice) {
        return choose(hunk.text(Side.YOURS), hunk.text(Side.THEIRS), hunk.wordSuggestion(), choice);
    }

    /** The text a choice puts in place of a conflict between {@code yours} and {@code theirs}; empty when not offered. */
    static Optional<String> choose(String yours, String theirs, Optional<String> words, String choice) {
        return switch (choice) {
            case "yours" -> Optional.of(yours);
            case "theirs" -> Optional.of(theirs);
            case "yours_theirs" -> Optional.of(join(yours, theirs));
            case "theirs_yours" -> Optional.of(join(theirs, yours));
            case "words" -> words;
            default -> Optional.empty();
        };
    }

    /** Both sides' lines, one after the other, each on its own lines. */
    private static String join(String first, String second) {
        if (first.isEmpty() || second.isEmpty() || first.endsWith("\n")) {
            return first + second;
        }
        return first + "\n" + second;
    }

    static boolean hasMarkers(String text) {
        return OPENING.matcher(text).find() && CLOSING.matcher(text).find();
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }
}
