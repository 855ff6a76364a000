package io.eventserver.bootstrap;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.OptionalLong;

import com.sun.management.UnixOperatingSystemMXBean;

/**
 * How many client connections this process can hold without running out of file descriptors (ADR 18). Helidon
 * 4.3's listener stops for good when {@code accept} fails with "Too many open files", so the connection limits must
 * stay below the process's open-file limit, with room for what else the process opens: the descriptors already
 * open at start (class path jars, the JVM's own), the database pool, and a reserve for reconnects and logs.
 */
final class ConnectionBudget {

    /** Descriptors kept free for everything that is not a client connection. */
    static final int RESERVE = 64;
    /** The most connections without a configured limit, whatever the open-file limit allows. */
    static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    private ConnectionBudget() {
    }

    /**
     * The connections the file-descriptor limit allows, or empty when the platform does not tell.
     *
     * @param poolSize database connections the server will open
     */
    static OptionalLong available(int poolSize) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof UnixOperatingSystemMXBean unix)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount()
                - poolSize - RESERVE));
    }

    /**
     * Splits what the descriptors allow between the connections that are served ({@code maxConnections}) and
     * the headroom of connections that are only answered 503: a quarter of the budget, at most 64.
     *
     * @param configured the configured {@code server.max-connections}, or 0 when none is set
     * @return {max connections, headroom}
     */
    static int[] split(int configured, OptionalLong available) {
        int wanted = configured > 0 ? configured : DEFAULT_MAX_CONNECTIONS;
        if (available.isEmpty()) {
            return new int[] {wanted, 64};
        }
        long budget = available.getAsLong();
        int headroom = (int) Math.min(64, Math.max(1, budget / 4));
        int max = (int) Math.max(1, Math.min(wanted, budget - headroom));
        return new int[] {max, headroom};
    }
}
