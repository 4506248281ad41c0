package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static stet.record.RecordWebIT.create;
import static stet.record.RecordWebIT.inventory;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.App;
import stet.db.Database;
import stet.support.TestApp;
import stet.support.TestPostgres;
import stet.support.WebClient;

/**
 * A value the database refuses as over one of its limits (SQLSTATE 54000: an index entry
 * over 2,704 bytes, a search vector over 1 MB), should one still get there: the request's
 * content, answered 422 with what the user typed kept, not a 500 or a 503 to retry.
 */
@ExtendWith(TestPostgres.class)
class OverLimitWebIT {

    static Database db;
    static App app;

    @BeforeAll
    static void start(Database database) {
        db = database;
        app = TestApp.start(db);
        // As PostgreSQL refuses an index entry too large, for one name only.
        db.dsl().execute("""
                create function refuse_over_limit() returns trigger language plpgsql as $$
                begin
                    if new.data ->> 'name' = 'Over a limit' then
                        raise exception 'index row size 3024 exceeds btree version 4 maximum 2704 for index "x"'
                            using errcode = '54000';
                    end if;
                    return new;
                end $$""");
        db.dsl().execute("create trigger refuse_over_limit before update on record for each row"
                + " execute function refuse_over_limit()");
    }

    @AfterAll
    static void stop() {
        app.close();
        db.close();
    }

    @Test
    void a_save_the_database_refuses_as_over_a_limit_answers_422_and_keeps_the_input() {
        WebClient alice = new WebClient(app.port()).logIn("alice", TestApp.DEMO_PASSWORD);
        long id = create(alice, "Lamp", "LIMIT-1");
        Map<String, String> typed = inventory(alice.get("/records/" + id + "/edit"), "Over a limit", "LIMIT-1", "7",
                "typed");

        WebClient.Page page = alice.post("/records/" + id, typed);

        assertThat(page.status()).as(page.body()).isEqualTo(422);
        assertThat(page.body()).contains("data-testid=\"error-message\">A value is too large for the database to store"
                + " or index, so nothing was changed: shorten the longest values and try again.</p>");
        assertThat(page.form("kept-input")).containsEntry("name", List.of("Over a limit"))
                .containsEntry("description", List.of("typed"))
                .containsEntry("version", List.of(typed.get("version")));
        assertThat(db.dsl().fetchValue("select version from record where id = ?", id)).isEqualTo(1);
    }
}
