package io.eventserver.adapters.http.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Who is refused after which failures (issue 29, point 5; ADR 42). */
class LoginThrottleTest {

    private final LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofMinutes(1));

    @Test
    void failuresLockThatLoginFromThatAddressOnly() {
        for (int i = 0; i < 3; i++) {
            assertEquals(0, throttle.retryAfterSeconds("alice", "10.0.0.2"));
            throttle.failed("alice", "10.0.0.2", true);
        }

        assertTrue(throttle.retryAfterSeconds("alice", "10.0.0.2") > 0);
        assertEquals(0, throttle.retryAfterSeconds("bob", "10.0.0.2"), "another login from that address");
        assertEquals(0, throttle.retryAfterSeconds("alice", "10.0.0.3"), "that login from another address");
    }

    @Test
    void unknownLoginsSprayedFromAnAddressLockThatAddress() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("nobody-" + i, "10.0.0.2", false);
        }

        assertTrue(throttle.retryAfterSeconds("alice", "10.0.0.2") > 0, "its own doing");
        assertTrue(throttle.retryAfterSeconds("nobody-9", "10.0.0.2") > 0);
        assertEquals(0, throttle.retryAfterSeconds("alice", "10.0.0.3"));
        assertEquals(0, throttle.retryAfterSeconds("nobody-9", "10.0.0.3"));
    }

    @Test
    void pastTheGlobalLimitOfALoginOnlyAddressesThatHaveNotFailedWithItAreHeard() {
        for (int address = 1; address <= 5; address++) {
            throttle.failed("alice", "10.0.1." + address, true);
        }

        assertTrue(throttle.retryAfterSeconds("alice", "10.0.1.1") > 0, "one guess per address now");
        assertEquals(0, throttle.retryAfterSeconds("alice", "10.0.1.99"), "a clean address is never refused");
        assertEquals(0, throttle.retryAfterSeconds("bob", "10.0.1.1"), "other logins are not concerned");
    }

    @Test
    void theRightPasswordForgetsTheFailuresOfItsAddressAndLogin() {
        throttle.failed("alice", "10.0.0.2", true);
        throttle.failed("alice", "10.0.0.2", true);
        throttle.succeeded("alice", "10.0.0.2");
        throttle.failed("alice", "10.0.0.2", true);
        throttle.failed("alice", "10.0.0.2", true);

        assertEquals(0, throttle.retryAfterSeconds("alice", "10.0.0.2"));
    }

    @Test
    void windowsEndAndZeroTurnsTheThrottleOff() throws InterruptedException {
        LoginThrottle short_ = new LoginThrottle(1, 1, Duration.ofMillis(200));
        short_.failed("alice", "10.0.0.2", true);
        assertEquals(1, short_.retryAfterSeconds("alice", "10.0.0.2"), "Retry-After is at least a second");
        long giveUpAt = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (short_.retryAfterSeconds("alice", "10.0.0.2") > 0 && System.nanoTime() < giveUpAt) {
            Thread.sleep(20);
        }
        assertEquals(0, short_.retryAfterSeconds("alice", "10.0.0.2"));

        LoginThrottle off = new LoginThrottle(0, 1, Duration.ofMinutes(1));
        off.failed("alice", "10.0.0.2", true);
        assertEquals(0, off.retryAfterSeconds("alice", "10.0.0.2"));
    }
}
