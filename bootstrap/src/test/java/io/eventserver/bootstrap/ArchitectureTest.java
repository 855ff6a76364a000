package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The module boundaries hold for the production classes of every module. */
class ArchitectureTest {

    /** Production classes only: neither test-classes folders nor the test-jars shared between modules. */
    private static final ImportOption PRODUCTION_ONLY = location ->
            !location.contains("/test-classes/") && !location.contains("-tests.jar");

    private static final JavaClasses EVENTSERVER = new ClassFileImporter()
            .withImportOption(PRODUCTION_ONLY)
            .importPackages("io.eventserver");

    @ParameterizedTest
    @ValueSource(strings = {"domain", "application", "adapters.http", "adapters.http.events", "adapters.postgres",
            "adapters.postgres.events", "adapters.postgres.streams", "adapters.kafka", "adapters.json", "bootstrap"})
    void everyModuleIsImported(String module) {
        // a rule about an empty package passes for ever; make sure each one has classes to judge
        assertFalse(EVENTSERVER.that(com.tngtech.archunit.core.domain.JavaClass.Predicates
                .resideInAPackage("io.eventserver." + module + "..")).isEmpty(), module);
    }

    @Test
    void theBoundariesHold() {
        for (ArchRule rule : ArchitectureRules.all("io.eventserver")) {
            rule.check(EVENTSERVER);
        }
    }

    /**
     * The rules are alive: the test package {@code planted} breaks each of them (a domain class using JDBC and
     * calling bootstrap, an application class using Helidon, an in-port returning an out-port's type, one adapter
     * calling the other, wiring that reaches into the HTTP and the PostgreSQL adapter's inside, two packages inside
     * the PostgreSQL adapter and two inside the HTTP adapter that use each other), and each rule reports exactly
     * the classes planted against it — not merely some violation.
     */
    @Test
    void theRulesCatchPlantedViolations() {
        JavaClasses planted = new ClassFileImporter().importPackages("planted");
        Map<ArchRule, Set<String>> expected = new LinkedHashMap<>();
        expected.put(ArchitectureRules.domainDependsOnNothingButTheJdk("planted"), Set.of("planted.domain.LeakyEvent"));
        expected.put(ArchitectureRules.applicationDependsOnlyOnDomain("planted"),
                Set.of("planted.application.LeakyService"));
        expected.put(ArchitectureRules.inPortsDoNotExposeOutPorts("planted"),
                Set.of("planted.application.port.in.LeakyUseCase"));
        expected.put(ArchitectureRules.coreIsFreeOfInfrastructure("planted"),
                Set.of("planted.domain.LeakyEvent", "planted.application.LeakyService"));
        expected.put(ArchitectureRules.adaptersDoNotDependOnEachOther("planted"),
                Set.of("planted.adapters.http.LeakyHttp"));
        expected.put(ArchitectureRules.nothingDependsOnBootstrap("planted"), Set.of("planted.domain.LeakyEvent"));
        expected.put(ArchitectureRules.adapterIsUsedThroughItsEntryPackage("planted", "http"),
                Set.of("planted.bootstrap.ReachesIn"));
        expected.put(ArchitectureRules.adapterIsUsedThroughItsEntryPackage("planted", "postgres"),
                Set.of("planted.bootstrap.ReachesIntoPostgres"));
        expected.put(ArchitectureRules.packagesInsideTheAdapterFormNoCycle("planted", "postgres"),
                Set.of("planted.adapters.postgres.events.PlantedEventStore",
                        "planted.adapters.postgres.streams.PlantedDirectory"));
        expected.put(ArchitectureRules.packagesInsideTheAdapterFormNoCycle("planted", "http"),
                Set.of("planted.adapters.http.errors.PlantedErrorWriter",
                        "planted.adapters.http.protocol.PlantedRequests"));
        expected.put(ArchitectureRules.onion("planted"), Set.of("planted.adapters.http.LeakyHttp"));
        for (Map.Entry<ArchRule, Set<String>> rule : expected.entrySet()) {
            EvaluationResult result = rule.getKey().evaluate(planted);
            assertEquals(rule.getValue(), violators(result), "the classes that break: "
                    + rule.getKey().getDescription() + "\n" + result.getFailureReport());
        }
    }

    /**
     * The class each violation starts from: the first planted class each line of its description names (a cycle is
     * described by one line per dependency on it, each starting from the class that depends).
     */
    private static Set<String> violators(EvaluationResult result) {
        Pattern plantedClass = Pattern.compile("planted(?:\\.[a-z]+)*\\.[A-Z]\\w*");
        Set<String> classes = new TreeSet<>();
        for (String detail : result.getFailureReport().getDetails()) {
            for (String line : detail.split("\\R")) {
                Matcher first = plantedClass.matcher(line);
                if (first.find()) {
                    classes.add(first.group());
                }
            }
        }
        return classes;
    }
}
