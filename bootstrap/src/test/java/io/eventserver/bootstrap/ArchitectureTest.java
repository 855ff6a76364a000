package io.eventserver.bootstrap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

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
    @ValueSource(strings = {"domain", "application", "adapters.http", "adapters.postgres", "adapters.kafka", "bootstrap"})
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
     * The rules are alive: the test package {@code planted} breaks each of them once (a domain class using JDBC,
     * an application class using Helidon, an in-port returning an out-port's type, one adapter calling the other, a domain class calling bootstrap, wiring that reaches into the HTTP adapter's inside), and
     * every rule reports its violation.
     */
    @Test
    void theRulesCatchPlantedViolations() {
        JavaClasses planted = new ClassFileImporter().importPackages("planted");
        List<ArchRule> rules = List.of(
                ArchitectureRules.domainDependsOnNothingButTheJdk("planted"),
                ArchitectureRules.applicationDependsOnlyOnDomain("planted"),
                ArchitectureRules.inPortsDoNotExposeOutPorts("planted"),
                ArchitectureRules.coreIsFreeOfInfrastructure("planted"),
                ArchitectureRules.adaptersDoNotDependOnEachOther("planted"),
                ArchitectureRules.nothingDependsOnBootstrap("planted"),
                ArchitectureRules.httpAdapterIsUsedThroughItsEntryPackage("planted"),
                ArchitectureRules.onion("planted"));
        for (ArchRule rule : rules) {
            EvaluationResult result = rule.evaluate(planted);
            assertTrue(result.hasViolation(), "expected a violation of: " + rule.getDescription());
        }
    }
}
