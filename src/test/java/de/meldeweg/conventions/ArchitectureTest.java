package de.meldeweg.conventions;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Package by feature, without cycles; personal data does not reach standard output. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Code that Spring writes at build time (the `aot` profile's bean definitions and proxies)
            // names every bean it wires; the rules are about the code we write.
            .withImportOption(location -> !location.contains("__") && !location.contains("$$SpringCGLIB$$"))
            .importPackages("de.meldeweg");

    @Test
    void featurePackagesHaveNoCycles() {
        // The build-time word compiler spells words as the safety lists do; it runs in the build, never in the service.
        slices().matching("de.meldeweg.(*)..").should().beFreeOfCycles()
                .ignoreDependency(de.meldeweg.directory.VocabularyCompiler.class, de.meldeweg.safety.SafetyText.class)
                .check(classes);
    }

    /**
     * Privacy by structure: a citizen's phone number (and WhatsApp user id) is sealed with a key of
     * its own; only the citizen store and the WhatsApp sender hold that cipher, and the packages
     * that talk to departments and staff can reach neither it nor the store's clear address.
     */
    @Test
    void onlyTheCitizenStoreAndTheWhatsAppSenderCanDecryptAPhoneNumber() {
        noClasses().that().resideOutsideOfPackage("de.meldeweg.privacy..")
                .and().doNotHaveFullyQualifiedName("de.meldeweg.citizen.Citizens")
                .and().doNotHaveFullyQualifiedName("de.meldeweg.whatsapp.GraphApi")
                .should().dependOnClassesThat().haveFullyQualifiedName("de.meldeweg.privacy.PhoneNumberCipher")
                .because("only the citizen store and the WhatsApp sender may see a phone number in the clear")
                .check(classes);
    }

    @Test
    void deliveryDirectoryAndConsoleCanNeverDecryptAPhoneNumber() {
        noClasses().that().resideInAnyPackage("de.meldeweg.delivery..", "de.meldeweg.directory..", "de.meldeweg.console..",
                        "de.meldeweg.admin..")
                .should().dependOnClassesThat().haveFullyQualifiedName("de.meldeweg.privacy.PhoneNumberCipher")
                .orShould().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasName.Predicates.name("recipient"))
                        .and(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                                com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                        com.tngtech.archunit.base.DescribedPredicate.describe("Citizens",
                                                owner -> owner.getFullName().equals("de.meldeweg.citizen.Citizens"))))))
                .orShould().dependOnClassesThat().haveFullyQualifiedName("de.meldeweg.citizen.Citizens$Recipient")
                .because("what reaches departments and staff carries no citizen's identity")
                .check(classes);
    }

    @Test
    void nothingPrintsToStandardOutput() {
        // The exceptions are the command-line explainer, whose answer is its standard output, and the
        // build-time word compiler, which reports to the build's output.
        noClasses().that().doNotHaveFullyQualifiedName("de.meldeweg.safety.ExplainVerdict")
                .and().doNotHaveFullyQualifiedName("de.meldeweg.directory.VocabularyCompiler")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .because("everything goes through the logger, where personal data is kept out")
                .check(classes);
    }
}
