package dev.berth.daemon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module edges of DESIGN.md, checked on the compiled classes (test classes excluded). */
class ModuleBoundaryTest {

    private static final String[] ENGINE = {
        "dev.berth.api..", "dev.berth.actors..", "dev.berth.persistence..", "dev.berth.image..",
        "dev.berth.registry..", "dev.berth.engine..", "dev.berth.daemon..", "dev.berth.cli.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.berth");
    }

    @Test
    void apiSeesTheEngineOnlyThroughItsBackends() {
        noClasses().that().resideInAPackage("dev.berth.api..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.berth.actors..", "dev.berth.persistence..", "dev.berth.image..",
                        "dev.berth.registry..", "dev.berth.driver..", "dev.berth.engine..", "dev.berth.daemon..",
                        "dev.berth.cli..")
                .check(classes);
    }

    @Test
    void engineKnowsNoDriverNorTheDaemon() {
        noClasses().that().resideInAPackage("dev.berth.engine..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.berth.driver..", "dev.berth.daemon..", "dev.berth.cli..")
                .check(classes);
    }

    @Test
    void daemonWiresDriversOnlyThroughServiceLoader() {
        noClasses().that().resideInAPackage("dev.berth.daemon..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.driver..", "dev.berth.cli..")
                .check(classes);
    }

    @Test
    void registryDependsOnlyOnImageAndSpi() {
        noClasses().that().resideInAPackage("dev.berth.registry..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.berth.api..", "dev.berth.actors..", "dev.berth.persistence..", "dev.berth.driver..",
                        "dev.berth.engine..", "dev.berth.daemon..", "dev.berth.cli..")
                .check(classes);
    }

    @Test
    void cliStandsAlone() {
        noClasses().that().resideInAPackage("dev.berth.cli..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.berth.api..", "dev.berth.actors..", "dev.berth.persistence..", "dev.berth.image..",
                        "dev.berth.registry..", "dev.berth.driver..", "dev.berth.engine..", "dev.berth.daemon..",
                        "dev.berth.spi..")
                .check(classes);
    }

    @Test
    void driversDependOnlyOnSpi() {
        noClasses().that().resideInAPackage("dev.berth.driver..")
                .should().dependOnClassesThat().resideInAnyPackage(ENGINE)
                .check(classes);
    }

    @Test
    void dockerfileDependsOnNothingOfBerths() {
        noClasses().that().resideInAPackage("dev.berth.dockerfile..")
                .should().dependOnClassesThat().resideInAnyPackage(ENGINE)
                .orShould().dependOnClassesThat().resideInAnyPackage("dev.berth.spi..", "dev.berth.driver..")
                .check(classes);
    }

    @Test
    void spiDependsOnNothingOfBerths() {
        noClasses().that().resideInAPackage("dev.berth.spi..")
                .should().dependOnClassesThat(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("dev.berth..")
                                .and(com.tngtech.archunit.base.DescribedPredicate.not(
                                        com.tngtech.archunit.core.domain.JavaClass.Predicates
                                                .resideInAPackage("dev.berth.spi.."))))
                .check(classes);
    }

    @Test
    void actorsKnowNeitherTheApiNorConcreteDrivers() {
        noClasses().that().resideInAPackage("dev.berth.actors..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.berth.api..", "dev.berth.driver..", "dev.berth.engine..", "dev.berth.daemon..",
                        "dev.berth.cli..")
                .check(classes);
    }

    @Test
    void imageDependsOnlyOnSpi() {
        noClasses().that().resideInAPackage("dev.berth.image..")
                .should().dependOnClassesThat(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("dev.berth..")
                                .and(com.tngtech.archunit.base.DescribedPredicate.not(
                                        com.tngtech.archunit.core.domain.JavaClass.Predicates
                                                .resideInAnyPackage("dev.berth.image..", "dev.berth.spi.."))))
                .check(classes);
    }

    @Test
    void persistenceDependsOnlyOnSpi() {
        noClasses().that().resideInAPackage("dev.berth.persistence..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.berth.api..", "dev.berth.actors..", "dev.berth.image..", "dev.berth.registry..",
                        "dev.berth.driver..", "dev.berth.engine..", "dev.berth.daemon..", "dev.berth.cli..")
                .check(classes);
    }
}
