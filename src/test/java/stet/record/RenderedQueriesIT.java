package stet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.db.Database;
import stet.support.TestPostgres;

/**
 * Queries rendered once per shape: each later query of the shape runs with its own values,
 * in the order the SQL needs them, and a query with a value that is not a named
 * parameter is refused rather than run with the first query's value.
 */
@ExtendWith(TestPostgres.class)
class RenderedQueriesIT {

    static Database db;
    static DSLContext dsl;

    @BeforeAll
    static void setUp(Database database) {
        db = database;
        dsl = db.dsl();
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    /** {@code select n from generate_series(1, 20) where n between low and high and n % step = 0}, values made in the given order. */
    private static List<Integer> between(RenderedQueries queries, int high, int low, int step) {
        return between(queries, high, low, step, new AtomicInteger());
    }

    /** As above, counting in {@code built} each time the query is built. */
    private static List<Integer> between(RenderedQueries queries, int high, int low, int step, AtomicInteger built) {
        RenderedQueries.Values values = new RenderedQueries.Values();
        // Made high first: the SQL needs them in another order than they are made.
        var highParam = values.of(high);
        var lowParam = values.of(low);
        var stepParam = values.of(step);
        var n = DSL.field(DSL.name("n"), SQLDataType.INTEGER);
        return queries.fetch("between", () -> {
            built.incrementAndGet();
            return dsl.select(n)
                    .from(DSL.table("generate_series(1, 20) as t(n)"))
                    .where(n.between(lowParam, highParam))
                    .and(n.mod(stepParam).eq(DSL.inline(0)))
                    .orderBy(n);
        }, values, r -> r.getInt(1));
    }

    @Test
    void each_query_of_a_shape_runs_with_its_own_values_in_the_order_the_sql_needs_them() {
        RenderedQueries queries = new RenderedQueries(dsl);

        assertThat(between(queries, 10, 3, 3)).containsExactly(3, 6, 9);
        assertThat(between(queries, 20, 12, 4)).containsExactly(12, 16, 20);
        assertThat(between(queries, 5, 1, 1)).containsExactly(1, 2, 3, 4, 5);
        assertThat(queries.shapes()).isEqualTo(1);
    }

    @Test
    void a_query_is_built_only_the_first_time_its_shape_is_seen() {
        RenderedQueries queries = new RenderedQueries(dsl);
        AtomicInteger built = new AtomicInteger();

        assertThat(between(queries, 10, 3, 3, built)).containsExactly(3, 6, 9);
        assertThat(between(queries, 20, 12, 4, built)).containsExactly(12, 16, 20);

        assertThat(built).hasValue(1);
    }

    @Test
    void a_query_with_a_value_that_is_not_a_named_parameter_is_refused() {
        RenderedQueries queries = new RenderedQueries(dsl);
        RenderedQueries.Values values = new RenderedQueries.Values();
        var n = DSL.field(DSL.name("n"), SQLDataType.INTEGER);
        var query = dsl.select(n).from(DSL.table("generate_series(1, 20) as t(n)"))
                .where(n.gt(values.of(3))).and(n.lt(10));

        assertThatThrownBy(() -> queries.fetch("unnamed", () -> query, values, r -> r.getInt(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(queries.shapes()).isZero();
    }
}
