package stet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.RECORD;
import static stet.db.jooq.Tables.REVISION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import stet.Components;
import stet.auth.User;
import stet.support.Invariants;
import stet.support.OwnEdits;
import stet.support.Records;
import stet.support.TestApp;
import stet.support.WebClient;

/**
 * Issue 14: edits that do not conflict always save, however many people save the same
 * record at once. Two stet nodes on one PostgreSQL; 16 clients (half on each node) save
 * ONE record through the HTML edit form (GET the form, change it, POST) for a bounded time
 * ({@code -Dstet.hot.seconds}, 30 by default). Every save changes only what is the
 * client's own: its own text field, its own line of a longtext (kept apart from the
 * others' by two unchanged lines), and it adds one to a delta field. Such saves never
 * conflict, so every answer must be a save or an automatic merge (303), never a merge
 * page (409), and afterwards every change must be in the record: each client's field
 * and line hold the last value it saved, and the delta field counts every save.
 */
class HotRecordIT extends TwoNodes {

    private static final int CLIENTS = 16;
    private static final Duration STORM = Duration.ofSeconds(Long.getLong("stet.hot.seconds", 30));
    /** A bound on each client's saves, so the storm ends even on a fast machine. */
    private static final int MAX_SAVES_PER_CLIENT = 5_000;

    @Test
    void sixteen_clients_on_two_nodes_saving_edits_that_do_not_conflict_to_one_record_are_all_saved() throws Exception {
        long id = hotRecord();
        Queue<String> accepted = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
        Map<Integer, Integer> lastSaved = new ConcurrentHashMap<>();
        together(browsers(nodeA, nodeB, CLIENTS), STORM.toSeconds() + 120,
                (client, browser) -> saveOwnEdits(client, browser, id, answers, accepted, lastSaved));

        DSLContext dsl = nodeA.database().dsl();
        int merges = dsl.fetchCount(REVISION, REVISION.RECORD_ID.eq(id).and(REVISION.KIND.eq("merge")));
        System.out.printf("HotRecordIT: %d s, answers by status %s, %d saves of which %d automatic merges%n",
                STORM.toSeconds(), answers, accepted.size(), merges);
        assertThat(answers.keySet()).as("answers by status %s", answers).containsOnly(303);
        assertThat(merges).as("saves crossed, so some were merged").isPositive();
        Invariants.assertHistoryConsistent(dsl, id);

        // Every accepted save is exactly one revision.
        List<String> comments = dsl.select(REVISION.COMMENT).from(REVISION)
                .where(REVISION.RECORD_ID.eq(id).and(REVISION.VERSION.gt(1))).fetch(REVISION.COMMENT);
        assertThat(comments).containsExactlyInAnyOrderElementsOf(accepted);

        JsonNode data = new ObjectMapper().readTree(dsl.select(RECORD.DATA).from(RECORD)
                .where(RECORD.ID.eq(id)).fetchSingle(RECORD.DATA).data());
        assertThat(data.get("count").asText()).as("the delta field counts every save").isEqualTo(
                Integer.toString(accepted.size()));
        String notes = data.get("notes").asText();
        for (int c = 0; c < CLIENTS; c++) {
            int last = lastSaved.getOrDefault(c, 0);
            assertThat(OwnEdits.ownLine(notes, c)).as("client %d's line", c).isEqualTo(last);
            assertThat(data.has("own" + c) ? data.get("own" + c).asText() : null).as("client %d's field", c)
                    .isEqualTo(last == 0 ? null : "client " + c + " value " + last);
        }
    }

    /**
     * One client's saves until the storm's end: each changes the client's own field and line
     * and adds one to the count; an accepted save (303) is noted with its comment.
     */
    private static void saveOwnEdits(int client, WebClient browser, long id, Map<Integer, AtomicInteger> answers,
            Queue<String> accepted, Map<Integer, Integer> lastSaved) {
        long end = System.nanoTime() + STORM.toNanos();
        for (int save = 1; save <= MAX_SAVES_PER_CLIENT && System.nanoTime() < end; save++) {
            WebClient.Page edit = browser.get("/records/" + id + "/edit");
            assertThat(edit.status()).isEqualTo(200);
            Map<String, List<String>> form = edit.form("record-form");
            String comment = "client " + client + " save " + save;
            form.put("own" + client, List.of("client " + client + " value " + save));
            form.put("notes", List.of(OwnEdits.withOwnLine(form.get("notes").get(0), client, save)));
            form.put("count", List.of(Integer.toString(Integer.parseInt(form.get("count").get(0)) + 1)));
            form.put("comment", List.of(comment));
            WebClient.Page result = browser.postForm("/records/" + id, form);
            answers.computeIfAbsent(result.status(), s -> new AtomicInteger()).incrementAndGet();
            if (result.status() == 303) {
                accepted.add(comment);
                lastSaved.put(client, save);
            }
        }
    }

    /** A collection of {@link OwnEdits#fields}; one record in it. */
    private static long hotRecord() {
        Components components = Components.build(nodeA.database());
        User admin = components.users().authenticate("admin", TestApp.ADMIN_PASSWORD).orElseThrow();
        components.collections().create("hot", "Hot", OwnEdits.fields(CLIENTS), false, admin);
        WebClient alice = new WebClient(nodeA.port()).logIn("alice", TestApp.DEMO_PASSWORD);
        return Records.create(alice, "hot", Map.of("count", "0", "notes", OwnEdits.lines(CLIENTS)));
    }
}
