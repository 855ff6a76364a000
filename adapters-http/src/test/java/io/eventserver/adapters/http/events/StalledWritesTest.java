package io.eventserver.adapters.http.events;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class StalledWritesTest {

    @Test
    void aWriteThatStaysBlockedIsInterruptedAndOneThatEndsIsNot() throws Exception {
        try (StalledWrites stalled = new StalledWrites(Duration.ofMillis(100))) {
            stalled.watch(() -> { });

            CountDownLatch never = new CountDownLatch(1);
            assertThrows(InterruptedIOException.class, () -> stalled.watch(() -> {
                try {
                    // a client that never reads: this write would block for good
                    never.await();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException("cut off");
                }
            }));
        } finally {
            Thread.interrupted();
        }
    }
}
