package io.eventserver.bootstrap;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.List;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The module boundaries as ArchUnit rules, for any root package, so that the same rules that guard
 * {@code io.eventserver} can be shown to catch violations planted in a test package.
 */
final class ArchitectureRules {

    /** Frameworks and infrastructure that only adapters and bootstrap may touch. */
    static final String[] INFRASTRUCTURE = {
            "io.helidon..", "org.jooq..", "java.sql..", "javax.sql..", "org.flywaydb..", "org.postgresql..",
            "org.apache.kafka..", "com.zaxxer..", "io.zonky..", "com.fasterxml..", "jakarta..", "javax.."};

    private ArchitectureRules() {
    }

    static List<ArchRule> all(String root) {
        return List.of(
                domainDependsOnNothingButTheJdk(root),
                applicationDependsOnlyOnDomain(root),
                inPortsDoNotExposeOutPorts(root),
                coreIsFreeOfInfrastructure(root),
                adaptersDoNotDependOnEachOther(root),
                nothingDependsOnBootstrap(root),
                adapterIsUsedThroughItsEntryPackage(root, "http"),
                adapterIsUsedThroughItsEntryPackage(root, "postgres"),
                adapterIsUsedThroughItsEntryPackage(root, "kafka"),
                packagesInsideTheAdapterFormNoCycle(root, "postgres"),
                packagesInsideTheAdapterFormNoCycle(root, "http"),
                onion(root));
    }

    static ArchRule domainDependsOnNothingButTheJdk(String root) {
        return classes().that().resideInAPackage(root + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(root + ".domain..", "java.lang..",
                        "java.util..", "java.time..", "java.security..", "java.math..")
                .as("domain depends on nothing but the JDK");
    }

    static ArchRule applicationDependsOnlyOnDomain(String root) {
        return classes().that().resideInAPackage(root + ".application..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(root + ".application..", root + ".domain..",
                        "java.lang..", "java.util..", "java.time..",
                        // the JDK's cryptography, for password hashes (ADR 27): computation, no I/O
                        "java.security..", "javax.crypto..", "java.nio", "java.nio.charset..")
                .as("application depends on domain only");
    }

    /** A use case speaks in domain and application model types; how storage is shaped stays behind it. */
    static ArchRule inPortsDoNotExposeOutPorts(String root) {
        return noClasses().that().resideInAPackage(root + ".application.port.in..")
                .should().dependOnClassesThat().resideInAPackage(root + ".application.port.out..")
                .as("port.in does not depend on port.out");
    }

    static ArchRule coreIsFreeOfInfrastructure(String root) {
        return noClasses().that().resideInAnyPackage(root + ".domain..", root + ".application..")
                .should().dependOnClassesThat(resideInAnyPackage(INFRASTRUCTURE)
                        // the JDK's cryptography, for password hashes (ADR 27), is platform, not infrastructure
                        .and(not(resideInAPackage("javax.crypto.."))))
                .as("domain and application use no Helidon, jOOQ, JDBC, Flyway, JSON library or driver");
    }

    static ArchRule adaptersDoNotDependOnEachOther(String root) {
        return slices().matching(root + ".adapters.(*)..")
                .should().notDependOnEachOther()
                .as("adapters do not depend on each other");
    }

    static ArchRule nothingDependsOnBootstrap(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".bootstrap..")
                .should().dependOnClassesThat().resideInAPackage(root + ".bootstrap..")
                .as("only bootstrap knows bootstrap");
    }

    /**
     * An adapter's sub-packages are its inside: the rest of the system uses its entry package only — for the HTTP
     * adapter {@code HttpApi} and its settings records (ADR 23), for the PostgreSQL adapter {@code PostgresStorage}
     * and its settings records (ADR 58), for the Kafka adapter {@code KafkaStorage} and {@code KafkaSettings}.
     */
    static ArchRule adapterIsUsedThroughItsEntryPackage(String root, String adapter) {
        String entry = root + ".adapters." + adapter;
        return noClasses().that().resideOutsideOfPackage(entry + "..")
                .should().dependOnClassesThat().resideInAPackage(entry + ".*..")
                .as("only the entry package of adapters." + adapter + " is used outside it");
    }

    /**
     * The packages inside an adapter (say {@code postgres.events} and {@code postgres.streams}) use one another one
     * way only, so that each can be read, and moved, without the ones that use it (ADR 58). Checked for the
     * PostgreSQL and the HTTP adapter (ADR 71); the Kafka adapter is one package.
     */
    static ArchRule packagesInsideTheAdapterFormNoCycle(String root, String adapter) {
        return slices().matching(root + ".adapters." + adapter + ".(*)..").namingSlices(adapter + ".$1")
                .should().beFreeOfCycles()
                .as("the packages inside adapters." + adapter + " form no cycle");
    }

    /** Dependencies point inwards: adapters to application to domain. Bootstrap, the wiring, stands outside. */
    static ArchRule onion(String root) {
        return onionArchitecture()
                .domainModels(root + ".domain..")
                .applicationServices(root + ".application..")
                .adapter("http", root + ".adapters.http..")
                .adapter("postgres", root + ".adapters.postgres..")
                .adapter("kafka", root + ".adapters.kafka..")
                .adapter("json", root + ".adapters.json..")
                .withOptionalLayers(true)
                .ignoreDependency(resideInAPackage(root + ".bootstrap.."), alwaysTrue())
                .as("onion architecture: adapters -> application -> domain");
    }
}
