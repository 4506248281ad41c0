package stet.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.Components;
import stet.auth.User;
import stet.db.Database;
import stet.schema.Collection;
import stet.schema.FieldDef;
import stet.schema.FieldType;
import stet.support.TestPostgres;

/** Remembered resolutions: per collection, keyed by the three texts, the latest one kept. */
@ExtendWith(TestPostgres.class)
class RememberedResolutionsIT {

    static Database db;
    static RememberedResolutions remembered;
    static Collection notes;
    static Collection memos;
    static User ann;
    static User ben;

    @BeforeAll
    static void setUp(Database database) {
        db = database;
        Components parts = Components.build(db);
        parts.users().create("ann", "Ann", "admin", "ann-password");
        parts.users().create("ben", "Ben", "editor", "ben-password");
        ann = parts.users().authenticate("ann", "ann-password").orElseThrow();
        ben = parts.users().authenticate("ben", "ben-password").orElseThrow();
        List<FieldDef> fields = List.of(new FieldDef("body", "Body", FieldType.LONGTEXT, false, false, null, null, false,
                List.of()));
        notes = parts.collections().create("notes", "Notes", fields, false, ann);
        memos = parts.collections().create("memos", "Memos", fields, false, ann);
        remembered = new RememberedResolutions(new ResolutionStore(db.dsl()));
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void a_resolution_is_found_by_its_three_texts_in_its_own_collection_only() {
        String key = RememberedResolutions.key("base\n", "theirs\n", "yours\n");
        remembered.remember(notes.id(), Map.of(key, "yours\ntheirs\n"), ann);

        assertThat(remembered.find(notes.id(), List.of(key))).hasEntrySatisfying(key, r -> {
            assertThat(r.text()).isEqualTo("yours\ntheirs\n");
            assertThat(r.resolvedBy()).isEqualTo("Ann");
        });
        assertThat(remembered.find(memos.id(), List.of(key))).isEmpty();
        // The texts' order matters (yours and theirs swapped is another conflict), and so do their boundaries.
        assertThat(remembered.find(notes.id(), List.of(RememberedResolutions.key("base\n", "yours\n", "theirs\n"))))
                .isEmpty();
        assertThat(RememberedResolutions.key("ab", "c", "")).isNotEqualTo(RememberedResolutions.key("a", "bc", ""));
    }

    @Test
    void the_latest_resolution_of_a_conflict_replaces_the_earlier_one() {
        String key = RememberedResolutions.key("b\n", "t\n", "y\n");
        remembered.remember(notes.id(), Map.of(key, "t\n"), ann);
        remembered.remember(notes.id(), Map.of(key, "y\n"), ben);

        RememberedResolution found = remembered.find(notes.id(), List.of(key)).get(key);
        assertThat(found.text()).isEqualTo("y\n");
        assertThat(found.resolvedBy()).isEqualTo("Ben");
    }

    @Test
    void people_resolving_the_same_conflict_at_once_each_succeed_and_one_resolution_is_kept() throws Exception {
        String key = RememberedResolutions.key("same\n", "at\n", "once\n");
        int people = 8;
        ExecutorService pool = Executors.newFixedThreadPool(people);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            String text = "resolution " + i + "\n";
            User who = i % 2 == 0 ? ann : ben;
            done.add(pool.submit(() -> {
                start.await();
                remembered.remember(memos.id(), Map.of(key, text), who);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(remembered.find(memos.id(), List.of(key)).get(key).text()).matches("resolution [0-7]\n");
    }
}
