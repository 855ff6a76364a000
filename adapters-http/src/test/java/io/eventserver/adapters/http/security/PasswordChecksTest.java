package io.eventserver.adapters.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.eventserver.adapters.http.AccessSettings;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import org.junit.jupiter.api.Test;

/**
 * Password verifications are bounded before they start (issue 29, point 4; ADR 42). Their count in
 * {@code eventserver_password_verifications_total} is read on the real server ({@code AccessControlTest}): the
 * registry here is Helidon's no-op one.
 */
class PasswordChecksTest {

    private final MeterRegistry metrics = Metrics.globalRegistry();
    private final AtomicInteger hashed = new AtomicInteger();

    @Test
    void aLoginGetsItsChecksOfTheMinuteAndNoMore() {
        PasswordChecks checks = new PasswordChecks(new AccessSettings.PasswordChecks(4, 3), metrics);

        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, checks.verify("alice", hashed::incrementAndGet));
        }
        PasswordChecks.TooMany refused = assertThrows(PasswordChecks.TooMany.class,
                () -> checks.verify("alice", hashed::incrementAndGet));

        assertEquals(3, hashed.get(), "refused before hashing");
        assertTrue(refused.retryAfterSeconds() >= 1 && refused.retryAfterSeconds() <= 60);
        assertEquals(4, checks.verify("bob", hashed::incrementAndGet), "another login has its own");
    }

    @Test
    void atMostMaxConcurrentRunAtOnceAndOneMoreIsRefusedWhenNoPlaceComesFree() throws Exception {
        PasswordChecks checks = new PasswordChecks(new AccessSettings.PasswordChecks(1, 100), metrics, 200);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> checks.verify("alice", () -> {
            inside.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return hashed.incrementAndGet();
        }));
        assertTrue(inside.await(30, TimeUnit.SECONDS));

        assertThrows(PasswordChecks.Busy.class, () -> checks.verify("bob", hashed::incrementAndGet));
        assertEquals(0, hashed.get(), "the second never ran");

        release.countDown();
        assertEquals(1, first.get(30, TimeUnit.SECONDS));
        assertEquals(2, checks.verify("bob", hashed::incrementAndGet), "the place is free again");
    }
}
