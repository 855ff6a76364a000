package io.eventserver.bootstrap;

import java.util.HashMap;
import java.util.Map;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/** Starts the real server, as Main does, on a free port and a fresh test database. */
final class TestServers {

    private TestServers() {
    }

    /** The built-in defaults with {@code overrides} on top, and port 0. */
    static EventServer start(Map<String, String> overrides) {
        return EventServer.start(settings(overrides));
    }

    /** As {@link #start(Map)}, with {@code yaml} (e.g. a {@code security} section) between the two. */
    static EventServer start(String yaml, Map<String, String> overrides) {
        return EventServer.start(settings(yaml, overrides));
    }

    static Configuration settings(Map<String, String> overrides) {
        return settings("{}", overrides);
    }

    static Configuration settings(String yaml, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(overrides);
        values.putIfAbsent("server.port", "0");
        values.putIfAbsent("server.host", "127.0.0.1");
        // tests close many servers; the drain before a stop is tested on its own (ShutdownDrainTest)
        values.putIfAbsent("server.shutdown-drain-period", "PT0S");
        // a loaded test machine may keep a request waiting for a connection or a statement longer than the 5 s of
        // production; the tests of those time-outs set their own
        if (!values.containsKey("db.connection-timeout-ms")) {
            values.putIfAbsent("db.connection-timeout", "PT30S");
        }
        if (!values.containsKey("db.statement-timeout-ms")) {
            values.putIfAbsent("db.statement-timeout", "PT30S");
        }
        return Configuration.from(Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values))
                .addSource(ConfigSources.create(yaml, MediaTypes.APPLICATION_X_YAML)));
    }
}
