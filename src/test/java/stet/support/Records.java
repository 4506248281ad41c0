package stet.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import stet.auth.User;
import stet.record.RecordService;
import stet.record.SaveOutcome;
import stet.record.SaveRequest;
import stet.record.StoredRecord;

/**
 * Records made and changed as fixtures: created through a collection's "new record" form, as
 * a user would (the form's own defaults, with {@code values} typed over them), and saved
 * through the record service over their current values.
 */
public final class Records {

    private static final Pattern RECORD_PATH = Pattern.compile("/records/(\\d+)");

    private Records() {}

    /** Creates a record in {@code collection} (its slug) and returns its id. */
    public static long create(WebClient client, String collection, Map<String, String> values) {
        String path = "/collections/" + collection + "/new";
        Map<String, List<String>> form = client.get(path).form("record-form");
        values.forEach((key, value) -> form.put(key, List.of(value)));
        WebClient.Page created = client.postForm(path, form);
        assertThat(created.status()).as(created.body()).isEqualTo(303);
        return idFrom(created.location());
    }

    /**
     * Saves {@code changes} over record {@code id}'s current values, as {@code user} from its
     * current version, and returns what the save came to.
     */
    public static SaveOutcome save(RecordService records, long id, Map<String, String> changes, User user) {
        StoredRecord current = records.get(id);
        Map<String, List<String>> form = new HashMap<>();
        current.data().forEach((key, value) -> form.put(key, List.of(value)));
        changes.forEach((key, value) -> form.put(key, List.of(value)));
        return records.save(new SaveRequest(id, current.version(), records.versionToken(current, user), form, null, null,
                null), user);
    }

    /** The record id in a {@code /records/{id}} location. */
    public static long idFrom(String location) {
        Matcher m = RECORD_PATH.matcher(location);
        assertThat(m.find()).as(location).isTrue();
        return Long.parseLong(m.group(1));
    }
}
