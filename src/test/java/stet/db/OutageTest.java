package stet.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutageTest {

    @Test
    void an_outage_is_told_at_its_first_failure_and_at_its_first_success_after_it() {
        Outage outage = new Outage();
        List<Boolean> told = new ArrayList<>();

        told.add(outage.ended()); // working, nothing to tell
        told.add(outage.began());
        told.add(outage.began());
        told.add(outage.began());
        told.add(outage.ended());
        told.add(outage.ended());
        told.add(outage.began()); // the next outage is told again
        told.add(outage.ended());

        assertThat(told).containsExactly(false, true, false, false, true, false, true, true);
    }

    @Test
    void threads_failing_together_tell_the_outage_once() throws InterruptedException {
        Outage outage = new Outage();
        AtomicInteger began = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int retry = 0; retry < 1_000; retry++) {
                    if (outage.began()) {
                        began.incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(began).hasValue(1);
    }
}
