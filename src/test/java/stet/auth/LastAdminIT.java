package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static stet.db.jooq.Tables.APP_USER;

import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.Components;
import stet.db.Database;
import stet.support.TestPostgres;

/** There is always an admin, also when two demotions meet: the database decides, not a check before the write. */
@ExtendWith(TestPostgres.class)
class LastAdminIT {

    Database db;
    UserService users;

    /** A fresh database for each test: who is admin is the whole database's business. */
    @BeforeEach
    void setUp(Database database) {
        db = database;
        users = Components.build(db).users();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void a_demotion_while_another_demotion_is_uncommitted_is_refused_and_one_admin_remains() {
        User ann = users.create("ann", "Ann", "admin", "ann-password-1").user();
        User ben = users.create("ben", "Ben", "admin", "ben-password-1").user();

        // Ben is demoted in a transaction that has not committed yet when Ann's demotion arrives:
        // the moment at which a check-then-act still counts two admins.
        Optional<String> annRefusal = db.dsl().connectionResult(connection -> {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("update app_user set role = 'editor' where id = " + ben.id());
                Optional<String> refusal = users.setRole(ann.id(), "editor");
                connection.commit();
                return refusal;
            } finally {
                connection.setAutoCommit(true);
            }
        });

        assertThat(annRefusal)
                .contains("Another admin's role is being changed at this moment. Nothing was changed; try again.");
        assertThat(adminNames()).containsExactly("ann");
        assertThat(users.setRole(ann.id(), "editor")).contains("The last admin cannot be made an editor.");
        assertThat(adminNames()).containsExactly("ann");
    }

    @Test
    void the_database_refuses_to_remove_the_last_admin_whatever_the_path() {
        users.create("ann", "Ann", "admin", "ann-password-1");
        users.create("eve", "Eve", "editor", "eve-password-1");

        // Any writer, not only UserService: the guard is a trigger on app_user.
        assertThat(catchThrowable(() ->
                db.dsl().update(APP_USER).set(APP_USER.ROLE, "editor").execute()))
                .hasMessageContaining("the last admin cannot stop being an admin");
        assertThat(catchThrowable(() ->
                db.dsl().deleteFrom(APP_USER).where(APP_USER.USERNAME.eq("ann")).execute()))
                .hasMessageContaining("the last admin cannot stop being an admin");
        assertThat(adminNames()).containsExactly("ann");
    }

    private List<String> adminNames() {
        return db.dsl().select(APP_USER.USERNAME).from(APP_USER).where(APP_USER.ROLE.eq("admin"))
                .orderBy(APP_USER.USERNAME).fetch(APP_USER.USERNAME);
    }
}
