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
            .importPackages("de.meldeweg");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("de.meldeweg.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void nothingPrintsToStandardOutput() {
        // The one exception is the command-line explainer, whose answer is its standard output.
        noClasses().that().doNotHaveFullyQualifiedName("de.meldeweg.safety.ExplainVerdict")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .because("everything goes through the logger, where personal data is kept out")
                .check(classes);
    }
}
