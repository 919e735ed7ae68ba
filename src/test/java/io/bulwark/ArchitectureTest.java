package io.bulwark;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps the protocol core and the pipeline free of transport and storage libraries (docs/ARCHITECTURE.md). */
class ArchitectureTest {

    private static final JavaClasses BULWARK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.bulwark");

    private static final String[] CORE = {
            "io.bulwark.oauth", "io.bulwark.oauth.dpop", "io.bulwark.oauth.mtls", "io.bulwark.gateway", "io.bulwark.gateway.steps",
            "io.bulwark.gateway.openapi", "io.bulwark.gateway.contract", "io.bulwark.gateway.token", "io.bulwark.store",
            "io.bulwark.audit", "io.bulwark.http", "io.bulwark.config", "io.bulwark.oauth.par", "io.bulwark.oauth.pkce",
            "io.bulwark.oauth.rar", "io.bulwark.oauth.users", "io.bulwark.oauth.authorize", "io.bulwark.oauth.consent",
            "io.bulwark.oauth.grants", "io.bulwark.oauth.pages", "io.bulwark.oauth.refresh", "io.bulwark.ratelimit", "io.bulwark.ratelimit.lockout"};

    @Test
    void theCoreDoesNotDependOnVertx() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..")
                .check(BULWARK);
    }

    @Test
    void theCoreDoesNotDependOnJdbc() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "org.jdbi..", "org.flywaydb..", "com.zaxxer..", "org.h2..", "org.postgresql..")
                .check(BULWARK);
    }

    @Test
    void policyStepsDoNotReachIntoAdaptersOrEachOthersWiring() {
        noClasses().that().resideInAPackage("io.bulwark.gateway.steps").should().dependOnClassesThat()
                .resideInAnyPackage("io.bulwark.gateway.http..", "io.bulwark.runtime..", "io.bulwark.store..", "io.bulwark.server..")
                .check(BULWARK);
    }

    @Test
    void rateLimitsAndTheGuardReachRedisOnlyThroughTheirPorts() {
        noClasses().that().resideInAnyPackage("io.bulwark.ratelimit", "io.bulwark.ratelimit.lockout", "io.bulwark.gateway..", "io.bulwark.oauth..")
                .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..", "io.github.bucket4j.redis..", "io.bulwark.ratelimit.redis..")
                .check(BULWARK);
    }

    @Test
    void theAuthorizationServerCoreDoesNotKnowTheGateway() {
        noClasses().that().resideInAnyPackage("io.bulwark.oauth..").should().dependOnClassesThat()
                .resideInAnyPackage("io.bulwark.gateway..").check(BULWARK);
    }
}
