package stet.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedBuffersTest {

    private static final long GB = 1024L * 1024 * 1024;

    @Test
    void the_default_is_an_eighth_of_the_memory_from_postgresqls_own_128_mb_to_1_gb() {
        assertThat(SharedBuffers.forMemory(4 * GB)).isEqualTo(512);
        assertThat(SharedBuffers.forMemory(2 * GB)).isEqualTo(256);
        assertThat(SharedBuffers.forMemory(GB / 2)).isEqualTo(128);
        assertThat(SharedBuffers.forMemory(24 * GB)).isEqualTo(1_024);
        assertThat(SharedBuffers.forMemory(0)).isEqualTo(128);
    }

    @Test
    void this_machines_default_is_within_those_bounds() {
        assertThat(SharedBuffers.defaultMb()).isBetween(128, 1_024);
    }
}
