package stet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.db.jooq.Tables.RECORD;
import static stet.db.jooq.Tables.REVISION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.jooq.DSLContext;
import stet.support.Invariants;
import stet.support.OwnEdits;
import stet.support.Records;
import stet.support.TestApp;
import stet.support.WebClient;

/**
 * Two stet nodes on one PostgreSQL, stormed by 16 clients through the HTML form path
 * on a few hot records, with a ledger of every change the servers accepted. Afterwards
 * no accepted change may be missing: each client's own line of the description holds the
 * last value it saved, the delta quantity counts every accepted save, every accepted
 * save is exactly one revision (found by its unique comment) and nothing unaccepted
 * became one, and the history invariants hold.
 *
 * <p>Each client edits only its own line of the longtext, separated from the others'
 * by two unchanged lines, so those edits always merge; a quarter of the saves also
 * rename the record, which conflicts whenever two renames cross (409, the merge page;
 * the client then starts again from a fresh form, as a person who gives up would).
 */
class TwoNodeStormIT extends TwoNodes {

    private static final int CLIENTS = 16;
    private static final int RECORDS = 4;
    private static final Duration STORM = Duration.ofSeconds(30);
    /** A bound on each client's saves, so the storm ends even on a fast machine. */
    private static final int MAX_SAVES_PER_CLIENT = 5_000;
    private static final long SEED = 20261126L;

    /** One save the server accepted: who, which record, the value of the client's own line, its comment. */
    private record Accepted(int client, long recordId, int lineValue, String comment) {}

    @Test
    void no_change_accepted_by_either_node_is_lost() throws Exception {
        List<Long> records = createHotRecords(new WebClient(nodeA.port()).logIn("alice", TestApp.DEMO_PASSWORD));
        Queue<Accepted> ledger = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
        together(browsers(nodeA, nodeB, CLIENTS), STORM.toSeconds() + 120,
                (client, browser) -> storm(client, browser, records, ledger, answers));

        System.out.println("TwoNodeStormIT answers by status: " + answers + ", accepted " + ledger.size());
        assertThat(answers.keySet()).as("answers by status %s", answers).containsOnly(303, 409);
        DSLContext dsl = nodeA.database().dsl();
        assertThat(dsl.fetchCount(REVISION, REVISION.KIND.eq("merge")))
                .as("automatic merges happened").isPositive();
        assertThat(answers.get(409)).as("conflicts happened").isNotNull();

        for (long id : records) {
            List<Accepted> mine = ledger.stream().filter(a -> a.recordId() == id).toList();
            Invariants.assertHistoryConsistent(dsl, id);

            // Every accepted save is exactly one revision, and no refused save is one.
            List<String> revisionComments = dsl.select(REVISION.COMMENT).from(REVISION)
                    .where(REVISION.RECORD_ID.eq(id).and(REVISION.VERSION.gt(1)))
                    .fetch(REVISION.COMMENT);
            assertThat(revisionComments).containsExactlyInAnyOrderElementsOf(mine.stream().map(Accepted::comment).toList());

            JsonNode data = new ObjectMapper().readTree(dsl.select(RECORD.DATA).from(RECORD)
                    .where(RECORD.ID.eq(id)).fetchSingle(RECORD.DATA).data());
            // The delta quantity counts every accepted save once.
            assertThat(data.get("quantity").asText()).isEqualTo(Integer.toString(mine.size()));
            // Each client's line holds the last value it saved (its saves are sequential).
            Map<Integer, Integer> lastSaved = mine.stream()
                    .collect(Collectors.toMap(Accepted::client, Accepted::lineValue, Math::max));
            String description = data.get("description").asText();
            for (int c = 0; c < CLIENTS; c++) {
                assertThat(OwnEdits.ownLine(description, c)).as("client %d's line of record %d", c, id)
                        .isEqualTo(lastSaved.getOrDefault(c, 0));
            }
        }
    }

    private static void storm(int client, WebClient browser, List<Long> records, Queue<Accepted> ledger,
            Map<Integer, AtomicInteger> answers) {
        Random random = new Random(SEED + client);
        Map<Long, Integer> lineValues = new HashMap<>();
        long end = System.nanoTime() + STORM.toNanos();
        for (int save = 1; save <= MAX_SAVES_PER_CLIENT && System.nanoTime() < end; save++) {
            long id = records.get(random.nextInt(records.size()));
            WebClient.Page edit = browser.get("/records/" + id + "/edit");
            assertThat(edit.status()).isEqualTo(200);
            Map<String, List<String>> form = edit.form("record-form");
            int value = lineValues.getOrDefault(id, 0) + 1;
            String comment = "client " + client + " save " + save;
            form.put("description", List.of(OwnEdits.withOwnLine(form.get("description").get(0), client, value)));
            form.put("quantity", List.of(Integer.toString(Integer.parseInt(form.get("quantity").get(0)) + 1)));
            if (random.nextInt(4) == 0) {
                form.put("name", List.of("Renamed by client " + client + " (" + save + ")"));
            }
            form.put("comment", List.of(comment));
            WebClient.Page result = browser.postForm("/records/" + id, form);
            answers.computeIfAbsent(result.status(), s -> new AtomicInteger()).incrementAndGet();
            if (result.status() == 303) {
                lineValues.put(id, value);
                ledger.add(new Accepted(client, id, value, comment));
            }
        }
    }

    private static List<Long> createHotRecords(WebClient alice) {
        String description = OwnEdits.lines(CLIENTS);
        List<Long> ids = new ArrayList<>();
        for (int r = 0; r < RECORDS; r++) {
            ids.add(Records.create(alice, "inventory", Map.of("name", "Hot record " + r, "sku", "HOT-" + r,
                    "quantity", "0", "description", description)));
        }
        return ids;
    }
}
