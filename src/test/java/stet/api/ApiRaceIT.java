package stet.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import stet.schema.FieldDef;
import stet.schema.FieldType;

/**
 * Sixteen clients race writes on one record, all from the same If-Match version, released
 * together by a barrier. With Prefer: merge, changes to different fields are all accepted
 * and all kept; changes to the same fields are each accepted or refused as a conflict, and
 * no accepted change is lost. Without it, exactly one write wins and every other gets 412:
 * a stale write is never merged unasked.
 */
class ApiRaceIT extends ApiTest {

    static final int CLIENTS = 16;
    static ExecutorService pool;
    static JsonClient alice;
    static JsonClient bob;

    @BeforeAll
    static void clients() {
        pool = Executors.newFixedThreadPool(CLIENTS);
        alice = api("alice");
        bob = api("bob");
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    /** A collection of {@code count} optional text fields f0, f1, …; a new record in it, at version 1. */
    static long recordWithFields(String slug, int count) {
        List<FieldDef> fields = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            fields.add(new FieldDef("f" + i, "F" + i, FieldType.TEXT, false, false, null, null, false, List.of()));
        }
        components.collections().create(slug, "Race " + slug, fields, false, admin);
        return create(alice, slug, "{}").get("id").asLong();
    }

    /** Runs {@code request} for clients 0..15 at once (half of them Alice, half Bob); their answers, by client. */
    static <T> List<T> race(IntFunction<T> request) throws Exception {
        CyclicBarrier start = new CyclicBarrier(CLIENTS);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int client = i;
            futures.add(pool.submit(() -> {
                start.await();
                return request.apply(client);
            }));
        }
        List<T> answers = new ArrayList<>();
        for (Future<T> f : futures) {
            answers.add(f.get());
        }
        return answers;
    }

    static JsonClient client(int i) {
        return i % 2 == 0 ? alice : bob;
    }

    static List<JsonNode> history(long id) {
        List<JsonNode> revisions = new ArrayList<>();
        String page = "/api/v1/records/" + id + "/history";
        while (page != null) {
            JsonNode body = alice.get(page).json();
            body.get("revisions").forEach(revisions::add);
            page = body.get("next").isNull() ? null : body.get("next").textValue();
        }
        return revisions;
    }

    @Test
    void sixteen_merging_patches_of_different_fields_are_all_accepted_and_all_kept() throws Exception {
        long id = recordWithFields("race-disjoint", CLIENTS);

        List<JsonClient.Answer> answers = race(i -> client(i).patch("/api/v1/records/" + id,
                j("{'values': {'f" + i + "': 'client " + i + "'}}"), "If-Match", "\"1\"", "Prefer", "merge"));

        Set<Integer> versions = new HashSet<>();
        for (JsonClient.Answer answer : answers) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            versions.add(answer.version());
        }
        // Each accepted write made exactly one revision of its own.
        assertThat(versions).hasSize(CLIENTS).allMatch(v -> v >= 2 && v <= CLIENTS + 1);
        JsonNode record = alice.get("/api/v1/records/" + id).json();
        assertThat(record.get("version").intValue()).isEqualTo(CLIENTS + 1);
        for (int i = 0; i < CLIENTS; i++) {
            assertThat(record.get("values").get("f" + i).textValue()).isEqualTo("client " + i);
        }
        assertThat(history(id)).hasSize(CLIENTS + 1);
    }

    /** One accepted write: who wrote which value into which field, and the version it answered. */
    record Accepted(String key, String value, int version) {}

    @Test
    void sixteen_merging_patches_of_the_same_fields_are_accepted_or_conflict_and_no_accepted_change_is_lost()
            throws Exception {
        long id = recordWithFields("race-overlap", 3);

        // Each client, five times: read the record, then change one of three fields from what it read.
        List<List<JsonClient.Answer>> rounds = race(i -> {
            List<JsonClient.Answer> answers = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                String etag = client(i).get("/api/v1/records/" + id).etag();
                answers.add(client(i).patch("/api/v1/records/" + id, j("{'values': {'f" + (i + round) % 3 + "': 'c" + i
                        + " r" + round + "'}}"), "If-Match", etag, "Prefer", "merge"));
            }
            return answers;
        });

        List<Accepted> accepted = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            for (int round = 0; round < 5; round++) {
                JsonClient.Answer answer = rounds.get(i).get(round);
                assertThat(answer.status()).as(answer.body()).isIn(200, 409);
                if (answer.status() == 409) {
                    assertThat(answer.json().get("conflicts")).isNotEmpty();
                } else {
                    accepted.add(new Accepted("f" + (i + round) % 3, "c" + i + " r" + round, answer.version()));
                }
            }
        }
        List<JsonNode> history = history(id);
        JsonNode record = alice.get("/api/v1/records/" + id).json();
        int last = record.get("version").intValue();
        // The record is its last revision, and every accepted write made exactly one revision.
        assertThat(history.get(0).get("version").intValue()).isEqualTo(last);
        assertThat(alice.get("/api/v1/records/" + id + "/revisions/" + last).json().get("values"))
                .isEqualTo(record.get("values"));
        assertThat(accepted.stream().map(Accepted::version).distinct().count()).isEqualTo(accepted.size());
        assertThat(history).hasSize(1 + accepted.size());
        for (Accepted a : accepted) {
            assertThat(alice.get("/api/v1/records/" + id + "/revisions/" + a.version()).json().get("values")
                    .get(a.key()).textValue()).isEqualTo(a.value());
            // Its change is in the record, or a later accepted revision changed that field again.
            boolean kept = a.value().equals(record.get("values").get(a.key()).textValue());
            boolean overwrittenLater = history.stream().anyMatch(r -> r.get("version").intValue() > a.version()
                    && r.get("changedFields").toString().contains("\"" + a.key() + "\""));
            assertThat(kept || overwrittenLater).as("%s was lost", a).isTrue();
        }
    }

    @Test
    void sixteen_stale_writes_without_prefer_merge_give_one_winner_and_fifteen_412s_never_a_merge() throws Exception {
        long id = recordWithFields("race-strict", CLIENTS);

        List<JsonClient.Answer> answers = race(i -> client(i).patch("/api/v1/records/" + id,
                j("{'values': {'f" + i + "': 'client " + i + "'}}"), "If-Match", "\"1\""));

        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            JsonClient.Answer answer = answers.get(i);
            assertThat(answer.status()).as(answer.body()).isIn(200, 412);
            assertThat(answer.header("Preference-Applied")).isNull();
            if (answer.status() == 200) {
                winners.add(i);
            } else {
                assertThat(answer.json().get("record").get("version").intValue()).isGreaterThanOrEqualTo(2);
            }
        }
        assertThat(winners).hasSize(1);
        JsonNode record = alice.get("/api/v1/records/" + id).json();
        assertThat(record.get("version").intValue()).isEqualTo(2);
        int winner = winners.get(0);
        for (int i = 0; i < CLIENTS; i++) {
            JsonNode value = record.get("values").get("f" + i);
            assertThat(value.isNull() ? null : value.textValue()).isEqualTo(i == winner ? "client " + i : null);
        }
        assertThat(history(id)).hasSize(2);
    }
}
