package io.eventserver.adapters.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
            assertEquals(i + 1, checks.verify("alice", () -> null, hashed::incrementAndGet));
        }
        PasswordChecks.TooMany refused = assertThrows(PasswordChecks.TooMany.class,
                () -> checks.verify("alice", () -> null, hashed::incrementAndGet));

        assertEquals(3, hashed.get(), "refused before hashing");
        assertTrue(refused.retryAfterSeconds() >= 1 && refused.retryAfterSeconds() <= 60);
        assertEquals(4, checks.verify("bob", () -> null, hashed::incrementAndGet), "another login has its own");
    }

    @Test
    void atMostMaxConcurrentRunAtOnceAndOneMoreIsRefusedWhenNoPlaceComesFree() throws Exception {
        PasswordChecks checks = new PasswordChecks(new AccessSettings.PasswordChecks(1, 100), metrics, 200);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> checks.verify("alice", () -> null,
                () -> {
                    inside.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return hashed.incrementAndGet();
                }));
        assertTrue(inside.await(30, TimeUnit.SECONDS));

        assertThrows(PasswordChecks.Busy.class, () -> checks.verify("bob", () -> null, hashed::incrementAndGet));
        assertEquals(0, hashed.get(), "the second never ran");

        release.countDown();
        assertEquals(1, first.get(30, TimeUnit.SECONDS));
        assertEquals(2, checks.verify("bob", () -> null, hashed::incrementAndGet), "the place is free again");
    }

    @Test
    void checksWaitingForTheSameCredentialsTakeTheFirstOnesAnswerAndSpendNothing() throws Exception {
        PasswordChecks checks = new PasswordChecks(new AccessSettings.PasswordChecks(1, 2), metrics);
        AtomicReference<Integer> remembered = new AtomicReference<>();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> checks.verify("alice",
                remembered::get, () -> {
                    inside.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    remembered.set(hashed.incrementAndGet());
                    return remembered.get();
                }));
        assertTrue(inside.await(30, TimeUnit.SECONDS));
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> checks.verify("alice",
                remembered::get, hashed::incrementAndGet));

        release.countDown();

        assertEquals(1, first.get(30, TimeUnit.SECONDS));
        assertEquals(1, second.get(30, TimeUnit.SECONDS), "the first one's answer");
        assertEquals(1, hashed.get(), "one hash");
        assertEquals(2, checks.verify("alice", () -> null, hashed::incrementAndGet),
                "the second gave its check of the minute back");
    }
}
