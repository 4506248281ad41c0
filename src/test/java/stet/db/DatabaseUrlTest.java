package stet.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void postgres_urls_become_jdbc_urls_with_credentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://stet:p%40ss:word@db.internal:6543/stet?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/stet?sslmode=require");
        assertThat(url.user()).isEqualTo("stet");
        assertThat(url.password()).isEqualTo("p@ss:word");
    }

    @Test
    void postgresql_scheme_and_missing_port_work() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://localhost/stet");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/stet");
        assertThat(url.user()).isNull();
    }

    @Test
    void jdbc_urls_pass_through() {
        String jdbc = "jdbc:postgresql://localhost:5432/stet?user=a&password=b";
        assertThat(DatabaseUrl.parse(jdbc).jdbcUrl()).isEqualTo(jdbc);
    }

    @Test
    void other_urls_are_refused_with_a_message() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://localhost/stet"))
                .hasMessageContaining("DATABASE_URL must start with");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres:///nohost")).hasMessageContaining("no host");
    }

    @Test
    void a_malformed_url_is_refused_without_its_password_in_the_message() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:s3cr3t pass@db/x"))
                .hasMessageContaining("DATABASE_URL is not a valid URL")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:s3cr%zzet@db/x"))
                .hasMessageContaining("DATABASE_URL")
                .hasMessageNotContaining("s3cr");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://u:s3cr%C3@db/x"))
                .hasMessageContaining("DATABASE_URL")
                .hasMessageNotContaining("s3cr");
    }

    @Test
    void a_plus_in_the_password_is_a_plus() {
        assertThat(DatabaseUrl.parse("postgres://stet:a+b@db/stet").password()).isEqualTo("a+b");
        assertThat(DatabaseUrl.parse("postgres://st%2Bet:a%20b%E2%82%AC@db/stet"))
                .extracting(DatabaseUrl::user, DatabaseUrl::password).containsExactly("st+et", "a b€");
    }

    @Test
    void where_a_jdbc_url_points_is_described_without_credentials() {
        assertThat(DatabaseUrl.parse("jdbc:postgresql://u:s3cr3t@127.0.0.1:1/x?password=p").described())
                .isEqualTo("jdbc:postgresql://127.0.0.1:1/x");
        assertThat(DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:1/x?user=u&password=p").described())
                .isEqualTo("jdbc:postgresql://127.0.0.1:1/x");
    }
}
