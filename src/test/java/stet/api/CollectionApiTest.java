package stet.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CollectionApiTest {

    @Test
    void every_page_size_reads_one_record_more_than_it_shows_in_one_of_four_counts() {
        Set<Integer> counts = new TreeSet<>();
        for (int size = 1; size <= PageSize.MAX; size++) {
            int fetched = CollectionApi.fetched(size);
            assertThat(fetched).as("page of %d", size).isGreaterThan(size);
            counts.add(fetched);
        }

        assertThat(counts).containsExactly(51, 101, 201, 501);
        assertThat(CollectionApi.fetched(PageSize.DEFAULT)).isEqualTo(PageSize.DEFAULT + 1);
    }
}
