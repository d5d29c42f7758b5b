package de.meldeweg.directory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The department directory ({@code meldeweg.directory.*}). Defaults in application.yaml; a wrong value
 * stops the start and names the setting.
 *
 * @param dir        folder of the directory file; the route {@code directory-load} watches it
 * @param fileName   the directory file in that folder (departments, categories, keywords)
 * @param datasource the city's own database that holds the directory instead of the file (empty url: the file)
 */
@Validated
@ConfigurationProperties("meldeweg.directory")
public record DirectoryProperties(@NotBlank String dir, @NotBlank String fileName, @NotNull @Valid Datasource datasource) {

    public DirectoryProperties {
        datasource = datasource == null ? new Datasource(null, null, null) : datasource;
    }

    /**
     * @param url      JDBC URL of the city's directory database; empty: the directory is ours, loaded from the file
     * @param username its user
     * @param password its password
     */
    public record Datasource(String url, String username, String password) {

        public Datasource {
            url = url == null ? "" : url.strip();
            username = username == null ? "" : username;
            password = password == null ? "" : password;
        }

        /** The city's database holds the directory. */
        public boolean configured() {
            return !url.isEmpty();
        }
    }

    /** The directory file. */
    public java.nio.file.Path file() {
        return java.nio.file.Path.of(dir, fileName);
    }
}
