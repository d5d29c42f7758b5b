package de.meldeweg;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MeldewegApplication {

    public static void main(String[] args) {
        SpringApplication.run(MeldewegApplication.class, args);
    }
}
