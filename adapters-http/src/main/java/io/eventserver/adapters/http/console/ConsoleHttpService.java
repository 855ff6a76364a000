package io.eventserver.adapters.http.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.eventserver.adapters.http.protocol.Digests;
import io.eventserver.adapters.http.protocol.MethodNotAllowed;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.NotFoundException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The web console's static files at {@code /console/} (ADR 40): our own plain ES modules and stylesheet from this
 * module's {@code console/} resources, and uPlot from its WebJar under {@code /console/vendor/}. Only the files
 * named here are served (no path from the request ever reaches the class path), each read once at start, with an
 * {@code ETag} and {@code Cache-Control: no-cache} (so an upgrade is picked up at once, and unchanged files cost a
 * 304), and a strict {@code Content-Security-Policy}: scripts, styles and connections from this origin only, no
 * inline script, no framing. The files are public — they hold no data; every API call they make is authenticated.
 */
public final class ConsoleHttpService implements HttpService {

    /** Our files, in {@code src/main/resources/console/}; {@code ConsoleHttpServiceTest} keeps this list complete. */
    static final List<String> FILES = List.of(
            "index.html", "console.css", "app.js", "api.js", "json.js", "dom.js", "lag-chart.js", "rates-chart.js",
            "views/streams.js", "views/stream.js", "views/events.js", "views/event.js", "views/tail.js",
            "views/consumers.js", "views/dead-letters.js", "views/users.js", "views/ids.js");

    private static final String UPLOT = "META-INF/resources/webjars/uplot/";
    private static final String UPLOT_VERSION = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static final HeaderName CSP = HeaderNames.create("Content-Security-Policy");
    private static final HeaderName NOSNIFF = HeaderNames.create("X-Content-Type-Options");
    private static final HeaderName REFERRER = HeaderNames.create("Referrer-Policy");

    private final Map<String, Asset> assets = new HashMap<>();

    public ConsoleHttpService() {
        for (String file : FILES) {
            assets.put(file, Asset.read("console/" + file));
        }
        String uplot = UPLOT + uplotVersion() + "/dist/";
        assets.put("vendor/uPlot.esm.js", Asset.read(uplot + "uPlot.esm.js"));
        assets.put("vendor/uPlot.min.css", Asset.read(uplot + "uPlot.min.css"));
    }

    @Override
    public void routing(HttpRules rules) {
        // index.html names its files by absolute path, so it works at /console and /console/ alike
        rules.get("/console", (req, res) -> send(req, res, assets.get("index.html")))
                .any("/console", MethodNotAllowed.handler("GET"))
                .get("/console/", (req, res) -> send(req, res, assets.get("index.html")))
                .any("/console/", MethodNotAllowed.handler("GET"))
                .get("/console/{+file}", this::file)
                .any("/console/{+file}", MethodNotAllowed.handler("GET"));
    }

    private void file(ServerRequest req, ServerResponse res) {
        Asset asset = assets.get(req.path().pathParameters().get("file"));
        if (asset == null) {
            throw new NotFoundException("no such file in the console");
        }
        send(req, res, asset);
    }

    private static void send(ServerRequest req, ServerResponse res, Asset asset) {
        res.header(HeaderNames.CONTENT_TYPE, asset.contentType())
                .header(HeaderNames.ETAG, asset.etag())
                .header(HeaderNames.CACHE_CONTROL, "no-cache")
                .header(CSP, CONTENT_SECURITY_POLICY)
                .header(NOSNIFF, "nosniff")
                .header(REFERRER, "no-referrer");
        if (req.headers().all(HeaderNames.IF_NONE_MATCH, List::of).stream()
                .anyMatch(tag -> tag.contains(asset.etag()))) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.send(asset.content());
    }

    private static String uplotVersion() {
        try (InputStream in = resource(UPLOT_VERSION)) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = ConsoleHttpService.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException(path + " is missing from the class path");
        }
        return in;
    }

    private record Asset(byte[] content, String contentType, String etag) {

        static Asset read(String path) {
            try (InputStream in = resource(path)) {
                byte[] content = in.readAllBytes();
                return new Asset(content, contentType(path), "\"" + Digests.sha256Hex(content).substring(0, 32) + "\"");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String contentType(String path) {
            if (path.endsWith(".html")) {
                return "text/html; charset=utf-8";
            }
            if (path.endsWith(".css")) {
                return "text/css; charset=utf-8";
            }
            if (path.endsWith(".js")) {
                return "text/javascript; charset=utf-8";
            }
            throw new IllegalArgumentException("no content type known for " + path);
        }
    }
}
