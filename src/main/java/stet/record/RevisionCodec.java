package stet.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import stet.diff.DiffWork;

/**
 * Compact history: a revision's data stored as the difference from the revision before
 * it. Fields that did not change are left out; a long value that changed in a few lines
 * is stored as line hunks against its previous value (so a one-line edit of a 100 KB
 * text costs a few dozen bytes), anything else as its new value. Decoding is exact:
 * applying a delta to the previous data gives the new data byte for byte.
 *
 * <p>The delta is a JSON object: {@code {"set": {key: value}, "del": [key],
 * "patch": {key: [[line, removedLines, "inserted text"], ...]}}}. A patch's line numbers
 * count lines of the previous value, each line with its line ending, and its hunks come
 * in order.
 */
final class RevisionCodec {

    /** Values shorter than this are stored whole: a patch would not be smaller. */
    static final int PATCH_MIN_LENGTH = 512;
    /** Beyond this many differing lines on a side, a full line diff is not worth its time. */
    static final int DIFF_MAX_LINES = 5_000;
    /**
     * The steps of the line diffs' search one revision may take, all its values together (see
     * {@link DiffWork}): ordinary edits take a few per line. Texts too different to diff within
     * it (5,000 lines reversed on one side and shuffled on the other would take about 137
     * million, a second or two of a save) are stored as one hunk of their differing lines.
     */
    static final long PATCH_WORK = 10_000_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RevisionCodec() {}

    static String encode(Map<String, String> before, Map<String, String> after) {
        return encode(before, after, DiffWork.of(PATCH_WORK));
    }

    /** {@link #encode(Map, Map)}, its line diffs within {@code work}. */
    static String encode(Map<String, String> before, Map<String, String> after, DiffWork work) {
        ObjectNode delta = JSON.createObjectNode();
        ObjectNode set = JSON.createObjectNode();
        ArrayNode deleted = JSON.createArrayNode();
        ObjectNode patches = JSON.createObjectNode();
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            String old = before.get(key);
            String now = after.get(key);
            if (Objects.equals(old, now)) {
                continue;
            }
            if (now == null) {
                deleted.add(key);
            } else if (old != null && old.length() >= PATCH_MIN_LENGTH && now.length() >= PATCH_MIN_LENGTH) {
                ArrayNode patch = patch(old, now, work);
                if (patch.toString().length() < now.length()) {
                    patches.set(key, patch);
                } else {
                    set.put(key, now);
                }
            } else {
                set.put(key, now);
            }
        }
        if (!set.isEmpty()) {
            delta.set("set", set);
        }
        if (!deleted.isEmpty()) {
            delta.set("del", deleted);
        }
        if (!patches.isEmpty()) {
            delta.set("patch", patches);
        }
        return delta.toString();
    }

    static Map<String, String> decode(Map<String, String> before, String json) {
        JsonNode delta;
        try {
            delta = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored revision delta is not JSON", e);
        }
        Map<String, String> after = new HashMap<>(before);
        for (Iterator<Map.Entry<String, JsonNode>> it = delta.path("set").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            after.put(e.getKey(), e.getValue().asText());
        }
        for (JsonNode key : delta.path("del")) {
            after.remove(key.asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = delta.path("patch").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String old = before.get(e.getKey());
            if (old == null) {
                throw new IllegalStateException("a patch of field " + e.getKey() + " has no previous value");
            }
            after.put(e.getKey(), apply(old, e.getValue()));
        }
        return after;
    }

    /** Line hunks turning {@code old} into {@code now}. */
    private static ArrayNode patch(String old, String now, DiffWork work) {
        List<String> a = lines(old);
        List<String> b = lines(now);
        // Common ends first: most edits are local, and it keeps the diff below small.
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        List<String> middleA = a.subList(prefix, a.size() - suffix);
        List<String> middleB = b.subList(prefix, b.size() - suffix);
        ArrayNode hunks = JSON.createArrayNode();
        if (middleA.size() > DIFF_MAX_LINES || middleB.size() > DIFF_MAX_LINES) {
            hunks.add(hunk(prefix, middleA.size(), String.join("", middleB)));
            return hunks;
        }
        List<AbstractDelta<String>> deltas;
        try {
            deltas = work.diff(middleA, middleB);
        } catch (DiffWork.Spent spent) {
            hunks.add(hunk(prefix, middleA.size(), String.join("", middleB)));
            return hunks;
        }
        for (AbstractDelta<String> d : deltas) {
            hunks.add(hunk(prefix + d.getSource().getPosition(), d.getSource().size(), String.join("", d.getTarget().getLines())));
        }
        return hunks;
    }

    private static ArrayNode hunk(int line, int removed, String inserted) {
        ArrayNode hunk = JSON.createArrayNode();
        hunk.add(line);
        hunk.add(removed);
        hunk.add(inserted);
        return hunk;
    }

    private static String apply(String old, JsonNode hunks) {
        List<String> a = lines(old);
        StringBuilder out = new StringBuilder(old.length() + 64);
        int next = 0;
        for (JsonNode hunk : hunks) {
            int line = hunk.get(0).asInt();
            int removed = hunk.get(1).asInt();
            if (line < next || line + removed > a.size()) {
                throw new IllegalStateException("a stored patch does not fit its previous value");
            }
            for (; next < line; next++) {
                out.append(a.get(next));
            }
            out.append(hunk.get(2).asText());
            next = line + removed;
        }
        for (; next < a.size(); next++) {
            out.append(a.get(next));
        }
        return out.toString();
    }

    /** Lines each with its ending ("\n", or none for a last line without one). */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
