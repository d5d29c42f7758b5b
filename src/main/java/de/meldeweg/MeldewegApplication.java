package de.meldeweg;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import de.meldeweg.ops.StartupSteps;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MeldewegApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(MeldewegApplication.class);
        // -Dmeldeweg.startup-steps=25: where Spring's start-up went, logged once started (docs/performance-rounds.md, "Sixth round: start-up")
        StartupSteps steps = StartupSteps.fromSystemProperty();
        if (steps != null) {
            application.setApplicationStartup(steps.recorder());
        }
        application.run(args);
        if (steps != null) {
            steps.log();
        }
    }
}
