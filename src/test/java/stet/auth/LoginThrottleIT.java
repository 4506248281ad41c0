package stet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import stet.db.Database;
import stet.error.BadRequestException;
import stet.support.TestClock;
import stet.support.TestPostgres;

/** The throttle's rules on a clock the test moves; a fresh database for each test. */
@ExtendWith(TestPostgres.class)
class LoginThrottleIT {

    private static final User ALICE = new User(7, "alice", "Alice", Role.EDITOR);

    Database db;
    TestClock clock;
    LoginThrottle throttle;
    AtomicInteger checks;

    @BeforeEach
    void setUp(Database database) {
        db = database;
        clock = new TestClock();
        throttle = new LoginThrottle(db, clock);
        checks = new AtomicInteger();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void five_wrong_passwords_lock_the_username_for_a_minute_and_the_right_one_is_not_even_checked() {
        for (int i = 1; i <= 5; i++) {
            assertThat(throttle.attempt("alice", "10.0.0." + i, this::wrong)).isEqualTo(new LoginThrottle.Attempt.Refused());
        }
        LoginThrottle.Attempt locked = throttle.attempt("alice", "10.0.0.9", this::right);

        assertThat(locked).isEqualTo(new LoginThrottle.Attempt.Throttled(Duration.ofMinutes(1)));
        assertThat(((LoginThrottle.Attempt.Throttled) locked).retryAfterSeconds()).isEqualTo(60);
        assertThat(locked.refusal())
                .isEqualTo("Too many failed log-ins for this username or from your address. Try again in 60 seconds.");
        assertThat(checks).hasValue(5);

        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.attempt("ALICE ", "10.0.0.9", this::right))
                .isEqualTo(new LoginThrottle.Attempt.Throttled(Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.attempt("alice", "10.0.0.9", this::right)).isEqualTo(new LoginThrottle.Attempt.LoggedIn(ALICE));
    }

    @Test
    void the_addresses_of_one_ipv6_network_are_counted_as_one_address() {
        // One machine has a /64 to itself: each guess from another of its addresses is still that machine's.
        for (int i = 1; i <= 5; i++) {
            assertThat(throttle.attempt("user" + i, "2001:db8:7:9:" + Integer.toHexString(i * 4097) + "::1", this::wrong))
                    .isEqualTo(new LoginThrottle.Attempt.Refused());
        }

        assertThat(throttle.attempt("alice", "2001:db8:7:9:ffff:ffff:ffff:fffe", this::right))
                .isInstanceOf(LoginThrottle.Attempt.Throttled.class);
        assertThat(throttle.attempt("alice", "2001:db8:7:a::1", this::right))
                .isEqualTo(new LoginThrottle.Attempt.LoggedIn(ALICE));
        assertThat(throttle.locked()).extracting(LoginThrottle.Lock::subject).containsExactly("2001:db8:7:9::/64");
        // The admin unlocks it by any of its addresses, or by the network as the locks list shows it.
        assertThat(throttle.unlock("address", "2001:db8:7:9::abcd")).isTrue();
        assertThat(throttle.locked()).isEmpty();
    }

    @Test
    void an_ipv4_address_written_as_ipv6_is_that_ipv4_address() {
        for (int i = 1; i <= 5; i++) {
            throttle.attempt("user" + i, "::ffff:192.0.2.77", this::wrong);
        }

        assertThat(throttle.attempt("alice", "192.0.2.77", this::right)).isInstanceOf(LoginThrottle.Attempt.Throttled.class);
    }

    @Test
    void each_further_failure_doubles_the_delay_up_to_an_hour() {
        for (int i = 1; i <= 4; i++) {
            throttle.attempt("alice", "10.0.1." + i, this::wrong);
        }
        List<Duration> delays = new ArrayList<>();
        for (int failure = 5; failure <= 12; failure++) {
            assertThat(throttle.attempt("alice", "10.0.2." + failure, this::wrong)).isEqualTo(new LoginThrottle.Attempt.Refused());
            LoginThrottle.Attempt.Throttled throttled =
                    (LoginThrottle.Attempt.Throttled) throttle.attempt("alice", "10.0.3." + failure, this::right);
            delays.add(throttled.retryAfter());
            clock.advance(throttled.retryAfter());
        }
        assertThat(delays).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8), Duration.ofMinutes(16), Duration.ofMinutes(32), Duration.ofHours(1),
                Duration.ofHours(1));
        assertThat(throttle.attempt("alice", "10.0.4.1", this::right)).isEqualTo(new LoginThrottle.Attempt.LoggedIn(ALICE));
    }

    @Test
    void a_success_resets_the_username_so_the_next_failures_count_from_zero() {
        for (int i = 1; i <= 4; i++) {
            throttle.attempt("alice", "10.1.0." + i, this::wrong);
        }
        assertThat(throttle.attempt("alice", "10.1.0.5", this::right)).isEqualTo(new LoginThrottle.Attempt.LoggedIn(ALICE));
        for (int i = 1; i <= 4; i++) {
            assertThat(throttle.attempt("alice", "10.1.1." + i, this::wrong)).isEqualTo(new LoginThrottle.Attempt.Refused());
        }
        assertThat(throttle.locked()).isEmpty();
    }

    @Test
    void a_quiet_quarter_hour_starts_the_count_again() {
        for (int i = 1; i <= 4; i++) {
            throttle.attempt("alice", "10.2.0." + i, this::wrong);
        }
        clock.advance(Duration.ofMinutes(15));
        for (int i = 1; i <= 4; i++) {
            assertThat(throttle.attempt("alice", "10.2.1." + i, this::wrong)).isEqualTo(new LoginThrottle.Attempt.Refused());
        }
        assertThat(throttle.locked()).isEmpty();
        clock.advance(Duration.ofMinutes(14));
        throttle.attempt("alice", "10.2.2.1", this::wrong);
        assertThat(throttle.locked()).extracting(LoginThrottle.Lock::subject).containsExactly("alice");
    }

    @Test
    void five_failures_from_one_address_lock_it_for_every_username_known_or_not() {
        for (int i = 1; i <= 5; i++) {
            throttle.attempt("guess" + i, "192.0.2.7", this::wrong);
        }
        assertThat(throttle.attempt("alice", "192.0.2.7", this::right))
                .isEqualTo(new LoginThrottle.Attempt.Throttled(Duration.ofMinutes(1)));
        assertThat(throttle.attempt("nobody", "192.0.2.7", this::wrong))
                .isEqualTo(new LoginThrottle.Attempt.Throttled(Duration.ofMinutes(1)));
        assertThat(throttle.attempt("alice", "192.0.2.8", this::right)).isEqualTo(new LoginThrottle.Attempt.LoggedIn(ALICE));
        assertThat(throttle.locked()).extracting(LoginThrottle.Lock::kind, LoginThrottle.Lock::subject)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("address", "192.0.2.7"));
    }

    @Test
    void a_success_after_an_address_lock_ended_leaves_the_count_so_the_next_failure_doubles_the_lock() {
        for (int i = 1; i <= 5; i++) {
            throttle.attempt("guess" + i, "192.0.2.9", this::wrong);
        }
        clock.advance(Duration.ofMinutes(1));
        // A right password is not a failure: the address is not counted, and its count is not forgiven either.
        assertThat(throttle.attempt("alice", "192.0.2.9", this::right)).isEqualTo(new LoginThrottle.Attempt.LoggedIn(ALICE));
        assertThat(throttle.locked()).isEmpty();

        assertThat(throttle.attempt("guess6", "192.0.2.9", this::wrong)).isEqualTo(new LoginThrottle.Attempt.Refused());
        assertThat(throttle.attempt("guess7", "192.0.2.9", this::wrong))
                .isEqualTo(new LoginThrottle.Attempt.Throttled(Duration.ofMinutes(2)));
    }

    @Test
    void unknown_usernames_are_locked_exactly_like_known_ones() {
        for (int i = 1; i <= 5; i++) {
            throttle.attempt("nobody", "10.3.0." + i, this::wrong);
            throttle.attempt("alice", "10.3.1." + i, this::wrong);
        }
        assertThat(throttle.attempt("nobody", "10.3.2.1", this::wrong))
                .isEqualTo(throttle.attempt("alice", "10.3.2.2", this::wrong));
    }

    @Test
    void twenty_parallel_guesses_get_exactly_five_password_checks() throws Exception {
        int guesses = 20;
        CyclicBarrier startGate = new CyclicBarrier(guesses);
        ExecutorService pool = Executors.newFixedThreadPool(guesses);
        try {
            List<Future<LoginThrottle.Attempt>> attempts = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                String address = "10.4.0." + i;
                attempts.add(pool.submit(() -> {
                    startGate.await(10, TimeUnit.SECONDS);
                    return throttle.attempt("alice", address, this::wrong);
                }));
            }
            int refused = 0;
            int throttled = 0;
            for (Future<LoginThrottle.Attempt> attempt : attempts) {
                LoginThrottle.Attempt result = attempt.get(30, TimeUnit.SECONDS);
                if (result instanceof LoginThrottle.Attempt.Refused) {
                    refused++;
                } else if (result instanceof LoginThrottle.Attempt.Throttled) {
                    throttled++;
                }
            }
            assertThat(checks).hasValue(5);
            assertThat(refused).isEqualTo(5);
            assertThat(throttled).isEqualTo(15);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void logins_in_flight_at_once_from_one_address_are_not_failures_and_all_succeed() throws Exception {
        // An office behind one address, eight people logging in at the same moment: each
        // password check waits until all eight are being checked, so all are in flight at once.
        int people = 8;
        CountDownLatch allInFlight = new CountDownLatch(people);
        ExecutorService pool = Executors.newFixedThreadPool(people);
        try {
            List<Future<LoginThrottle.Attempt>> attempts = new ArrayList<>();
            for (int i = 0; i < people; i++) {
                String username = "colleague" + i;
                attempts.add(pool.submit(() -> throttle.attempt(username, "198.51.100.40", () -> {
                    allInFlight.countDown();
                    try {
                        allInFlight.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return right();
                })));
            }
            for (Future<LoginThrottle.Attempt> attempt : attempts) {
                assertThat(attempt.get(30, TimeUnit.SECONDS)).isEqualTo(new LoginThrottle.Attempt.LoggedIn(ALICE));
            }
            assertThat(throttle.locked()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void an_admin_unlock_lets_the_next_attempt_through_at_once() {
        for (int i = 1; i <= 5; i++) {
            throttle.attempt("alice", "10.5.0." + i, this::wrong);
        }
        assertThat(throttle.locked()).extracting(LoginThrottle.Lock::subject, LoginThrottle.Lock::failures)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", 5));

        assertThat(throttle.unlock("username", "Alice")).isTrue();
        assertThat(throttle.unlock("username", "alice")).isFalse();
        assertThat(throttle.locked()).isEmpty();
        assertThat(throttle.attempt("alice", "10.5.1.1", this::right)).isEqualTo(new LoginThrottle.Attempt.LoggedIn(ALICE));
        assertThatThrownBy(() -> throttle.unlock("planet", "mars"))
                .isInstanceOf(BadRequestException.class).hasMessage("Unlock a username or an address.");
    }

    private Optional<User> wrong() {
        checks.incrementAndGet();
        return Optional.empty();
    }

    private Optional<User> right() {
        checks.incrementAndGet();
        return Optional.of(ALICE);
    }
}
