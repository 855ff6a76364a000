package io.eventserver.adapters.http.observe;

import io.eventserver.adapters.http.errors.ErrorWriter;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code OPTIONS /observe/metrics[/…]} (Helidon's metrics metadata) only for clients that accept JSON, the only form
 * it has; others get {@code 406}. Helidon 4.3 answers them 405 and then fails inside the same request (a
 * NullPointerException after the answer went out), which leaves the connection in a state that the next request
 * on it finds closed. Registered before Helidon's metrics routes; JSON requests go on to them.
 */
public final class MetricsMetadataGuard implements HttpService {

    @Override
    public void routing(HttpRules rules) {
        rules.options("/observe/metrics", MetricsMetadataGuard::options)
                .options("/observe/metrics/*", MetricsMetadataGuard::options);
    }

    private static void options(ServerRequest req, ServerResponse res) {
        if (req.headers().isAccepted(MediaTypes.APPLICATION_JSON)) {
            res.next();
            return;
        }
        ErrorWriter.send(res, Status.NOT_ACCEPTABLE_406,
                "Not Acceptable - the metrics' metadata is JSON (Accept: application/json)");
    }
}
