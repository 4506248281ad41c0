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
}
