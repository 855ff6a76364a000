package io.eventserver.bootstrap;

import static io.eventserver.adapters.http.HttpTestClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.eventserver.adapters.http.HttpTestClient;
import io.eventserver.adapters.postgres.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code server.tls} in Helidon's standard form: HTTPS works with a self-signed certificate, plain HTTP does not. */
class TlsTest {

    private static final String PASSPHRASE = "test-passphrase";

    @TempDir
    Path temp;

    @Test
    void theServerSpeaksHttpsOnlyWhenTlsIsConfigured() throws Exception {
        Path keystore = selfSignedKeystore(temp.resolve("server.p12"));
        try (EventServer server = TestServers.start(Map.of(
                "db.url", TestDatabases.create().url(),
                "server.tls.private-key.keystore.resource.path", keystore.toString(),
                "server.tls.private-key.keystore.passphrase", PASSPHRASE,
                "server.tls.private-key.keystore.key.alias", "eventserver",
                "server.tls.private-key.keystore.cert-chain.alias", "eventserver"))) {
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(keystore)).build();
            String base = "https://localhost:" + server.port();

            HttpResponse<String> published = https.send(HttpRequest.newBuilder(URI.create(base
                            + "/api/v1/streams/secure/events"))
                    .header("Authorization", HttpTestClient.basic("alice", "alice-pw"))
                    .header("X-Producer-ID", "tls-shop")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(event("Sealed", "{}"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, published.statusCode(), published.body());
            HttpResponse<String> ready = https.send(HttpRequest.newBuilder(URI.create(base + "/observe/health/ready"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode());

            HttpClient plain = HttpClient.newBuilder().build();
            HttpRequest cleartext = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                    + "/observe/health/ready")).timeout(java.time.Duration.ofSeconds(10)).GET().build();
            assertThrows(IOException.class, () -> plain.send(cleartext, HttpResponse.BodyHandlers.ofString()),
                    "plain HTTP on the TLS port gets no answer");
            assertThrows(IOException.class, () -> HttpClient.newBuilder().build().send(HttpRequest.newBuilder(
                    URI.create(base + "/observe/health/ready")).GET().build(), HttpResponse.BodyHandlers.ofString()),
                    "a client that does not trust the certificate is refused by its own TLS check");
        }
    }

    /** A PKCS12 keystore with a self-signed certificate for localhost and 127.0.0.1, made by the JDK's keytool. */
    private static Path selfSignedKeystore(Path keystore) throws Exception {
        Process keytool = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "eventserver", "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSPHRASE, "-keypass", PASSPHRASE))
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
        return keystore;
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSPHRASE.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
