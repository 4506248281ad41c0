package stet.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final Circuit circuit = new Circuit(100, now::get);

    @Test
    void a_closed_circuit_lets_every_caller_try() {
        assertThat(circuit.allow()).isTrue();
        assertThat(circuit.allow()).isTrue();
        assertThat(circuit.isOpen()).isFalse();
    }

    @Test
    void after_a_failure_callers_are_refused_until_the_cool_down_ends() {
        circuit.failed();

        assertThat(circuit.isOpen()).isTrue();
        assertThat(circuit.allow()).isFalse();
        now.addAndGet(99);
        assertThat(circuit.allow()).isFalse();
    }

    @Test
    void after_the_cool_down_one_caller_probes_while_the_others_are_still_refused() {
        circuit.failed();
        now.addAndGet(100);

        assertThat(circuit.allow()).isTrue();
        assertThat(circuit.allow()).isFalse();
        assertThat(circuit.allow()).isFalse();
    }

    @Test
    void a_probe_that_connects_closes_the_circuit() {
        circuit.failed();
        now.addAndGet(100);
        assertThat(circuit.allow()).isTrue();

        circuit.succeeded();

        assertThat(circuit.isOpen()).isFalse();
        assertThat(circuit.allow()).isTrue();
        assertThat(circuit.allow()).isTrue();
    }

    @Test
    void a_probe_that_fails_opens_the_circuit_for_another_cool_down() {
        circuit.failed();
        now.addAndGet(100);
        assertThat(circuit.allow()).isTrue();

        circuit.failed();

        assertThat(circuit.allow()).isFalse();
        now.addAndGet(99);
        assertThat(circuit.allow()).isFalse();
        now.addAndGet(1);
        assertThat(circuit.allow()).isTrue();
    }

    @Test
    void a_probe_that_tells_nothing_lets_the_next_caller_probe() {
        circuit.failed();
        now.addAndGet(100);
        assertThat(circuit.allow()).isTrue();

        circuit.inconclusive();

        assertThat(circuit.isOpen()).isTrue();
        assertThat(circuit.allow()).isTrue();
        assertThat(circuit.allow()).isFalse();
    }
}
