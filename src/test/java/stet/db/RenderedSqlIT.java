package stet.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.error.DatabaseUnavailableException;
import stet.support.TestPostgres;

/**
 * Statements rendered once and run through JDBC: each run binds its own values in the
 * order the SQL needs them, with their types (a null included, where PostgreSQL cannot
 * guess it), and fails the way a statement run by jOOQ fails.
 */
@ExtendWith(TestPostgres.class)
class RenderedSqlIT {

    private static final Table<?> T = DSL.table(DSL.name("rendered_sql_it"));
    private static final Field<Long> ID = DSL.field(DSL.name("id"), SQLDataType.BIGINT);
    private static final Field<Integer> NUMBER = DSL.field(DSL.name("number"), SQLDataType.INTEGER);
    private static final Field<JSONB> DOC = DSL.field(DSL.name("doc"), SQLDataType.JSONB);
    private static final Field<String[]> WORDS = DSL.field(DSL.name("words"), SQLDataType.VARCHAR.array());
    private static final Field<OffsetDateTime> AT = DSL.field(DSL.name("at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    static Database db;
    static DSLContext dsl;

    @BeforeAll
    static void setUp(Database database) {
        db = database;
        dsl = db.dsl();
        dsl.execute("create table rendered_sql_it (id bigint primary key, number integer, doc jsonb, words text[],"
                + " at timestamptz)");
    }

    @AfterAll
    static void tearDown() {
        dsl.execute("drop table rendered_sql_it");
        db.close();
    }

    @BeforeEach
    void empty() {
        dsl.execute("truncate rendered_sql_it");
    }

    /** An INSERT … SELECT: its values in a select list, where an untyped null would be taken for text. */
    private static RenderedSql insert() {
        return RenderedSql.of(dsl, dsl.insertInto(T, ID, NUMBER, DOC, WORDS, AT)
                .select(DSL.select(RenderedSql.param(0, ID), RenderedSql.param(1, NUMBER), RenderedSql.param(2, DOC),
                        RenderedSql.param(3, WORDS), RenderedSql.param(4, AT))));
    }

    private record Row(long id, Integer number, String doc, List<String> words, OffsetDateTime at) {}

    private static List<Row> rows() {
        RenderedSql select = RenderedSql.of(dsl, dsl.select(ID, NUMBER, DOC, WORDS, AT).from(T)
                .where(ID.ge(RenderedSql.param(0, ID))).orderBy(ID));
        return select.fetch(dsl, r -> new Row(r.getLong(1), r.getObject(2) == null ? null : r.getInt(2), r.getString(3),
                r.getArray(4) == null ? null : Arrays.asList((String[]) r.getArray(4).getArray()),
                RenderedSql.time(r, 5)), 0L);
    }

    @Test
    void values_and_typed_nulls_are_bound_by_their_parameters_types() {
        OffsetDateTime at = OffsetDateTime.of(2026, 11, 26, 12, 0, 0, 0, ZoneOffset.UTC);
        RenderedSql insert = insert();

        assertThat(insert.execute(dsl, 1L, 7, JSONB.valueOf("{\"a\": \"x\"}"), new String[] {"one", "two"}, at))
                .isEqualTo(1);
        assertThat(insert.execute(dsl, 2L, null, null, null, null)).isEqualTo(1);

        assertThat(rows()).containsExactly(
                new Row(1, 7, "{\"a\": \"x\"}", List.of("one", "two"), at),
                new Row(2, null, null, null, null));
    }

    @Test
    void each_run_binds_its_values_in_the_order_the_sql_needs_them() {
        insert().execute(dsl, 1L, 10, null, null, null);
        insert().execute(dsl, 2L, 20, null, null, null);
        insert().execute(dsl, 3L, 30, null, null, null);
        // Parameter 1 appears first and parameter 0 twice.
        RenderedSql between = RenderedSql.of(dsl, dsl.select(ID).from(T)
                .where(NUMBER.le(RenderedSql.param(1, NUMBER)))
                .and(NUMBER.ge(RenderedSql.param(0, NUMBER)).or(ID.eq(DSL.cast(RenderedSql.param(0, NUMBER), ID))))
                .orderBy(ID));

        assertThat(between.fetch(dsl, r -> r.getLong(1), 20, 30)).containsExactly(2L, 3L);
        assertThat(between.fetch(dsl, r -> r.getLong(1), 1, 10)).containsExactly(1L);
        assertThat(between.fetchOptional(dsl, r -> r.getLong(1), 30, 30)).contains(3L);
        assertThat(between.fetchOptional(dsl, r -> r.getLong(1), 40, 50)).isEmpty();
    }

    @Test
    void an_array_parameter_matches_any_of_its_values() {
        for (long id = 1; id <= 5; id++) {
            insert().execute(dsl, id, (int) id, null, null, null);
        }
        RenderedSql any = RenderedSql.of(dsl, dsl.select(NUMBER).from(T)
                .where(ID.eq(DSL.any(RenderedSql.param(0, SQLDataType.BIGINT.array())))).orderBy(NUMBER));

        assertThat(any.fetch(dsl, r -> r.getInt(1), (Object) new Long[] {2L, 4L, 9L})).containsExactly(2, 4);
        assertThat(any.fetch(dsl, r -> r.getInt(1), (Object) new Long[] {})).isEmpty();
    }

    @Test
    void a_query_with_a_value_that_is_not_a_numbered_parameter_is_refused() {
        assertThatThrownBy(() -> RenderedSql.of(dsl, dsl.select(ID).from(T).where(ID.eq(3L))))
                .isInstanceOf(IllegalArgumentException.class);
        RenderedSql second = RenderedSql.of(dsl, dsl.select(ID).from(T).where(ID.eq(RenderedSql.param(1, ID))));
        assertThatThrownBy(() -> second.fetch(dsl, r -> r.getLong(1), 1L))
                .as("a value for each number up to the highest, used or not")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(second.fetch(dsl, r -> r.getLong(1), 1L, 2L)).isEmpty();
    }

    @Test
    void values_after_a_statements_own_are_another_statements_and_left_unbound() {
        insert().execute(dsl, 1L, 10, null, null, null);
        RenderedSql one = RenderedSql.of(dsl, dsl.select(ID).from(T).where(ID.eq(RenderedSql.param(0, ID))));

        assertThat(one.fetch(dsl, r -> r.getLong(1), 1L, "the next statement's")).containsExactly(1L);
    }

    @Test
    void a_failed_statement_is_a_jooq_exception_with_the_drivers_sql_state() {
        RenderedSql insert = insert();
        insert.execute(dsl, 1L, 1, null, null, null);

        assertThatThrownBy(() -> insert.execute(dsl, 1L, 2, null, null, null))
                .isInstanceOfSatisfying(DataAccessException.class,
                        e -> assertThat(e.sqlState()).isEqualTo("23505"));
        assertThat(rows()).extracting(Row::number).containsExactly(1);
    }

    @Test
    void a_statement_timeout_is_the_database_being_busy_as_for_any_statement() throws Exception {
        RenderedSql sleep = RenderedSql.of(dsl, dsl.select(DSL.field("pg_sleep({0})", Object.class,
                RenderedSql.param(0, SQLDataType.DOUBLE))));

        db.maintenance(single -> {
            single.execute("set statement_timeout = 50");
            assertThatThrownBy(() -> sleep.fetch(single, r -> r.getObject(1), 5.0))
                    .isInstanceOfSatisfying(DatabaseUnavailableException.class,
                            e -> assertThat(e.reason()).isEqualTo(DatabaseUnavailableException.Reason.BUSY));
            return null;
        });
    }

    @Test
    void statements_in_a_transaction_run_on_its_connection_and_roll_back_with_it() {
        RenderedSql insert = insert();

        assertThatThrownBy(() -> db.transaction(tx -> {
            insert.execute(tx, 1L, 1, null, null, null);
            assertThat(RenderedSql.of(tx, tx.selectCount().from(T).where(ID.eq(RenderedSql.param(0, ID))))
                    .fetchOptional(tx, r -> r.getInt(1), 1L)).contains(1);
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");

        assertThat(rows()).isEmpty();
    }
}
