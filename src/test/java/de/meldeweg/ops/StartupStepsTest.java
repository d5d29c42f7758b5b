package de.meldeweg.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The start-up steps an admin asks for with -Dmeldeweg.startup-steps=N: recorded only then, with each step's own time. */
class StartupStepsTest {

    @AfterEach
    void clear() {
        System.clearProperty(StartupSteps.PROPERTY);
    }

    /** outer first: creating it creates inner, a step inside its step. */
    @Configuration
    static class Beans {
        @Bean
        String outer(StringBuilder inner) {
            return inner + " and outer";
        }

        @Bean
        StringBuilder inner() {
            return new StringBuilder("inner");
        }
    }

    @Test
    void withoutTheOptionNothingIsRecorded() {
        assertThat(StartupSteps.fromSystemProperty()).isNull();
        System.setProperty(StartupSteps.PROPERTY, "0");
        assertThat(StartupSteps.fromSystemProperty()).isNull();
        System.setProperty(StartupSteps.PROPERTY, "many");
        assertThatThrownBy(StartupSteps::fromSystemProperty).hasMessageContaining("-Dmeldeweg.startup-steps must be the number");
    }

    @Test
    void eachBeanIsAStepAndABeanCreatedInsideAnotherCountsForItselfOnly() {
        System.setProperty(StartupSteps.PROPERTY, "3");
        StartupSteps steps = StartupSteps.fromSystemProperty();
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.setApplicationStartup(steps.recorder());
            context.register(Beans.class);
            context.refresh();
        }
        List<StartupSteps.Step> recorded = steps.steps();
        StartupSteps.Step outer = recorded.stream().filter(s -> s.about().startsWith("beanName=outer")).findFirst().orElseThrow();
        StartupSteps.Step inner = recorded.stream().filter(s -> s.about().startsWith("beanName=inner")).findFirst().orElseThrow();
        assertThat(outer.name()).isEqualTo("spring.beans.instantiate");
        assertThat(outer.totalMillis()).isGreaterThanOrEqualTo(inner.totalMillis());
        assertThat(outer.ownMillis()).isLessThanOrEqualTo(outer.totalMillis() - inner.totalMillis() + 1);
        assertThat(recorded).isSortedAccordingTo((a, b) -> Long.compare(b.ownMillis(), a.ownMillis()));

        List<String> report = steps.report();
        assertThat(report.get(0)).startsWith("Start-up steps: " + recorded.size() + " recorded; the 3 with the most time");
        assertThat(report.subList(1, 4)).allMatch(line -> line.matches(" *\\d+ / +\\d+ ms  \\S+.*"));
        assertThat(report.get(4)).isEqualTo("Own time by kind of step:");
        assertThat(report).anyMatch(line -> line.matches(" *\\d+ ms  spring\\.beans\\.instantiate \\(\\d+ steps\\)"));
        assertThat(report).anyMatch(line -> line.matches(" *\\d+ ms  spring\\.context\\.refresh \\(1 steps\\)"));
    }
}
