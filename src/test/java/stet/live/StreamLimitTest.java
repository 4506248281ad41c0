package stet.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamLimitTest {

    @Test
    void a_node_takes_streams_for_half_its_file_descriptors_from_64_to_10_000() {
        assertThat(StreamLimit.of(1_024)).isEqualTo(512);
        assertThat(StreamLimit.of(20_000)).isEqualTo(10_000);
        assertThat(StreamLimit.of(1_048_576)).isEqualTo(10_000);
        assertThat(StreamLimit.of(100)).isEqualTo(64);
        assertThat(StreamLimit.defaultMax()).isBetween(64, 10_000);
    }
}
