package io.bulwark;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the protocol core and the pipeline free of transport and storage libraries, and the packages free of cycles
 * (docs/ARCHITECTURE.md). The rules name the adapters and the wiring; every other package, a new one included, is core.
 */
class ArchitectureTest {

    private static final JavaClasses BULWARK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.bulwark");

    /** Where the program is put together: these may reach every adapter. */
    private static final String[] WIRING = {"io.bulwark.cli..", "io.bulwark.demo..", "io.bulwark.runtime.."};

    /** The wiring and the adapters to Vert.x and Netty. */
    private static final String[] VERTX_ADAPTERS = concat(WIRING, "io.bulwark.server..", "io.bulwark.tls..",
            "io.bulwark.gateway.http..", "io.bulwark.oauth.http..", "io.bulwark.ratelimit.redis..", "io.bulwark.events.http..");

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void theCoreDoesNotDependOnVertx() {
        noClasses().that().resideOutsideOfPackages(VERTX_ADAPTERS).should().dependOnClassesThat()
                .resideInAnyPackage("io.vertx..", "io.netty..")
                .check(BULWARK);
    }

    @Test
    void theCoreDoesNotDependOnJdbc() {
        noClasses().that().resideOutsideOfPackages(concat(WIRING, "io.bulwark.jdbc..")).should().dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "org.jdbi..", "org.flywaydb..", "com.zaxxer..", "org.h2..", "org.postgresql..")
                .check(BULWARK);
    }

    @Test
    void theJdbcAdapterDependsOnThePortsNeverTheReverse() {
        noClasses().that().resideOutsideOfPackages(concat(WIRING, "io.bulwark.jdbc..")).should().dependOnClassesThat()
                .resideInAPackage("io.bulwark.jdbc..")
                .check(BULWARK);
    }

    @Test
    void policyStepsDoNotReachIntoAdaptersOrEachOthersWiring() {
        noClasses().that().resideInAPackage("io.bulwark.gateway.steps..").should().dependOnClassesThat()
                .resideInAnyPackage("io.bulwark.gateway.http..", "io.bulwark.runtime..", "io.bulwark.store..", "io.bulwark.jdbc..",
                        "io.bulwark.server..")
                .check(BULWARK);
    }

    @Test
    void rateLimitsAndTheGuardReachRedisOnlyThroughTheirPorts() {
        noClasses().that().resideOutsideOfPackages(concat(WIRING, "io.bulwark.ratelimit.redis..")).should().dependOnClassesThat()
                .resideInAnyPackage("io.lettuce..", "io.github.bucket4j.redis..", "io.bulwark.ratelimit.redis..")
                .check(BULWARK);
    }

    @Test
    void theAuthorizationServerCoreDoesNotKnowTheGateway() {
        noClasses().that().resideInAnyPackage("io.bulwark.oauth..").should().dependOnClassesThat()
                .resideInAnyPackage("io.bulwark.gateway..").check(BULWARK);
    }

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("io.bulwark.(*)..").should().beFreeOfCycles().check(BULWARK);
    }

    /** Each package on its own (oauth.par apart from oauth.dpop, oauth apart from both), so sub-packages form no cycle either. */
    @Test
    void everyPackageIsFreeOfCycles() {
        slices().matching("io.bulwark.(**)").should().beFreeOfCycles().check(BULWARK);
    }
}
