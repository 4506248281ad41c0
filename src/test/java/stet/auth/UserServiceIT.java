package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.Components;
import stet.db.Database;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import stet.support.TestPostgres;

@ExtendWith(TestPostgres.class)
class UserServiceIT {

    static Database db;
    static UserService users;

    @BeforeAll
    static void setUp(Database database) {
        db = database;
        users = Components.build(db).users();
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void the_last_admin_cannot_be_demoted_but_one_of_two_can() {
        User first = users.create("root1", "Root One", "admin", "root1-password").user();

        assertThat(users.setRole(first.id(), "editor")).contains("The last admin cannot be made an editor.");
        assertThat(users.authenticate("root1", "root1-password").orElseThrow().role()).isEqualTo(Role.ADMIN);

        users.create("root2", "Root Two", "admin", "root2-password");
        assertThat(users.setRole(first.id(), "editor")).isEmpty();
        assertThat(users.authenticate("root1", "root1-password").orElseThrow().role()).isEqualTo(Role.EDITOR);
    }

    @Test
    void passwords_are_stored_as_argon2id_hashes_only() {
        users.create("dora", "Dora", "editor", "dora-secret-pw");
        String hash = db.dsl().select(stet.db.jooq.Tables.APP_USER.PASSWORD_HASH).from(stet.db.jooq.Tables.APP_USER)
                .where(stet.db.jooq.Tables.APP_USER.USERNAME.eq("dora")).fetchSingle(stet.db.jooq.Tables.APP_USER.PASSWORD_HASH);
        assertThat(hash).startsWith("$argon2id$").doesNotContain("dora-secret-pw");
        assertThat(users.authenticate("dora", "dora-secret-pw")).isPresent();
        assertThat(users.authenticate("dora", "dora-secret-px")).isEmpty();
        assertThat(users.authenticate("nobody", "dora-secret-pw")).isEmpty();
    }

    @Test
    void a_taken_username_is_refused_with_a_message() {
        users.create("erin", "Erin", "editor", "erin-password");
        UserService.Created again = users.create("Erin", "Other Erin", "editor", "erin-password-2");
        assertThat(again.ok()).isFalse();
        assertThat(again.errors()).containsEntry("username", "The username 'erin' is already taken.");
    }

    @Test
    void a_wrong_password_for_an_unknown_user_still_checks_one_argon2_hash() {
        users.create("fred", "Fred", "editor", "fred-password-1");
        List<String> checked = new ArrayList<>();
        Argon2PasswordEncoder argon2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
        PasswordEncoder counting = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return argon2.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String hash) {
                checked.add(hash);
                return argon2.matches(raw, hash);
            }
        };
        UserService counted = new UserService(new UserStore(db.dsl()), new Passwords(counting));

        assertThat(counted.authenticate("fred", "not-freds-password")).isEmpty();
        assertThat(counted.authenticate("nobody-at-all", "not-freds-password")).isEmpty();

        // Both paths check exactly one Argon2id hash: fred's, then the decoy, so both take as long.
        assertThat(checked).hasSize(2).allSatisfy(hash -> assertThat(hash).startsWith("$argon2id$"));
        assertThat(checked.get(1)).isNotEqualTo(checked.get(0));
    }
}
