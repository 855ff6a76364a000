import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Build step of each storage engine that keeps tables in PostgreSQL (adapters-postgres, adapters-kafka; run by
 * exec-maven-plugin in their generate-sources): generates the jOOQ classes from the schema that the engine's Flyway
 * migrations really produce in PostgreSQL, not from a simulation of it — always on an embedded PostgreSQL of its
 * own, so that a clean clone builds with only a JDK and the build never depends on a server's state.
 * Arguments: migrations folder, output folder, package name. Skips the work when neither the migrations nor the
 * jOOQ version changed since the last run. It lives beside the modules, not in either, because adapters do not
 * depend on each other (ADR 56).
 */
public class GenerateJooq {

    public static void main(String[] args) throws Exception {
        Path migrations = Path.of(args[0]);
        Path output = Path.of(args[1]);
        String packageName = args[2];

        Path stamp = output.resolve(".migrations-sha256");
        String fingerprint = fingerprint(migrations, packageName);
        if (Files.exists(stamp) && Files.readString(stamp).equals(fingerprint)) {
            System.out.println("[jooq] generated classes are up to date with " + migrations);
            return;
        }

        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Flyway.configure()
                    .dataSource(postgres.getPostgresDatabase())
                    .locations("filesystem:" + migrations.toAbsolutePath())
                    .load()
                    .migrate();

            GenerationTool.generate(new Configuration()
                    .withJdbc(new Jdbc()
                            .withDriver("org.postgresql.Driver")
                            .withUrl(postgres.getJdbcUrl("postgres", "postgres"))
                            .withUser("postgres"))
                    .withGenerator(new Generator()
                            .withDatabase(new Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema("public")
                                    .withOutputSchemaToDefault(true)
                                    .withExcludes("flyway_schema_history"))
                            .withGenerate(new Generate()
                                    .withRecords(true)
                                    .withPojos(false)
                                    .withDaos(false)
                                    .withJavaTimeTypes(true)
                                    .withGeneratedAnnotation(false))
                            .withTarget(new Target()
                                    .withPackageName(packageName)
                                    .withDirectory(output.toString()))));
        }
        Files.createDirectories(output);
        Files.writeString(stamp, fingerprint);
    }

    private static String fingerprint(Path migrations, String packageName) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update((org.jooq.Constants.VERSION + "\n" + packageName + "\n").getBytes(StandardCharsets.UTF_8));
        List<Path> files;
        try (Stream<Path> listing = Files.list(migrations)) {
            files = listing.sorted().toList();
        }
        for (Path file : files) {
            digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(file));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
