package de.meldeweg.conventions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import de.meldeweg.MeldewegApplication;
import de.meldeweg.support.Fixtures;

/**
 * The route files in {@code routes/} are what integration admins edit. Every file must load, hold
 * one route whose id is its file name (or only route configurations), keep environment-specific
 * values in placeholders, write expressions in canonical notation, and leave logic to beans.
 */
class RouteConventionsTest {

    private static final Path ROUTES = Path.of("routes");
    private static final String SUFFIX = ".camel.yaml";

    private static final Pattern LITERAL_HOST = Pattern.compile("[a-z][a-z0-9+.-]*://(?!\\{\\{)|\\blocalhost\\b|\\b\\d{1,3}(\\.\\d{1,3}){3}\\b");
    private static final Pattern LITERAL_SECRET = Pattern.compile(
            "(?i)^\\s*(- )?[a-z]*(password|secret|token|apikey|credentials?)\\s*:\\s*(?![\"']?\\{\\{)\\S");
    private static final Pattern LITERAL_CRON = Pattern.compile("(?i)^\\s*(- )?cron\\s*:\\s*(?![\"']?\\{\\{)\\S");
    private static final Pattern COMPACT_EXPRESSION = Pattern.compile(
            "^\\s*(- )?(simple|constant|header|exchangeProperty|jsonpath|jq|xpath|variable)\\s*:\\s*[^\\s{]");
    private static final Pattern INLINE_SCRIPT = Pattern.compile("^\\s*(- )?(groovy|js|joor|java|script|python|mvel|ognl)\\s*:");

    static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(ROUTES)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void thereAreRoutes() throws IOException {
        assertThat(routeFiles()).extracting(f -> f.getFileName().toString())
                .contains("whatsapp-webhook.camel.yaml", "intake.camel.yaml", "error-handling.camel.yaml");
    }

    @TestFactory
    Stream<DynamicTest> everyRouteFileFollowsTheConventions() throws IOException {
        return routeFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
    }

    private static void check(Path file) throws Exception {
        String name = file.getFileName().toString();
        assertThat(name).as("file name").endsWith(SUFFIX).matches("[a-z0-9]+(-[a-z0-9]+)*\\.camel\\.yaml");
        String id = name.substring(0, name.length() - SUFFIX.length());

        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel, "file:" + file));
            List<RouteDefinition> routes = camel.getRouteDefinitions();
            List<RouteConfigurationDefinition> configurations = camel.getRouteConfigurationDefinitions();
            if (routes.isEmpty()) {
                assertThat(configurations).as("a file without a route holds route configurations").isNotEmpty();
            } else {
                assertThat(routes).as("one route per file").hasSize(1);
                assertThat(routes.get(0).getRouteId()).as("route id = file name").isEqualTo(id);
                assertThat(configurations).as("error handling lives in its own file").isEmpty();
            }
        }

        List<String> problems = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.stripLeading().startsWith("#")) {
                continue;
            }
            String at = name + ":" + (i + 1) + ": ";
            if (line.contains("mock:")) {
                problems.add(at + "mock endpoint");
            }
            Matcher host = LITERAL_HOST.matcher(line);
            if (host.find()) {
                problems.add(at + "literal host (use a {{placeholder}})");
            }
            if (LITERAL_SECRET.matcher(line).find()) {
                problems.add(at + "literal secret (use a {{placeholder}})");
            }
            if (LITERAL_CRON.matcher(line).find()) {
                problems.add(at + "literal cron (use a {{placeholder}})");
            }
            if (COMPACT_EXPRESSION.matcher(line).find()) {
                problems.add(at + "compact expression: write `simple: {expression: ...}`");
            }
            if (INLINE_SCRIPT.matcher(line).find()) {
                problems.add(at + "inline script: put logic into a bean");
            }
            if (line.matches(".*\\$\\{[^}]*\\}.*") && line.matches("(?i).*\\b(select|insert|update|delete)\\b.*")) {
                problems.add(at + "SQL built with ${...}: use :#parameters");
            }
        }
        // A timer route goes on asynchronously once a parallel split hands its work to a pool: the
        // timer would fire again meanwhile and hand the same rows to the pool a second time.
        String text = String.join("\n", lines);
        if (text.matches("(?s).*uri: \"?timer:.*") && text.matches("(?s).*parallelProcessing: true.*")
                && !text.matches("(?s).*\\n\\s*synchronous: true.*")) {
            problems.add(name + ": a timer route with a parallel split needs `synchronous: true` on its timer");
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theConventionCheckCatchesWhatItIsFor(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad-route.camel.yaml");
        Files.writeString(bad, "- route:\n    id: other-id\n    from:\n      uri: timer:x\n      steps:\n"
                + "        - to:\n            uri: http://10.0.0.1/api\n        - setBody:\n            constant: \"x\"\n");
        assertThatThrownBy(() -> check(bad)).hasMessageContaining("route id = file name");
        Files.writeString(bad, "- route:\n    id: bad-route\n    from:\n      uri: timer:x\n      steps:\n"
                + "        - to:\n            uri: http://10.0.0.1/api\n        - setBody:\n            constant: \"x\"\n");
        assertThatThrownBy(() -> check(bad)).hasMessageContaining("literal host").hasMessageContaining("compact expression");
        Files.writeString(bad, "- route:\n    id: bad-route\n    from:\n      uri: timer:x\n      steps:\n"
                + "        - split:\n            parallelProcessing: true\n            simple:\n              expression: \"${body}\"\n"
                + "            steps:\n              - to:\n                  uri: direct:y\n");
        assertThatThrownBy(() -> check(bad)).hasMessageContaining("needs `synchronous: true`");
    }

    @Test
    void aBrokenRouteFileStopsTheStartWithItsNameAndReason(@TempDir Path dir) throws IOException {
        for (Path file : routeFiles()) {
            Files.copy(file, dir.resolve(file.getFileName()));
        }
        Files.writeString(dir.resolve("intake.camel.yaml"), "- route:\n    id: intake\n    from:\n      uri: timer:intake\n      steps:\n"
                + "        - bean:\n            ref: webhookIntake\n           method: pending\n");
        SpringApplicationBuilder app = new SpringApplicationBuilder(MeldewegApplication.class);
        assertThatThrownBy(() -> app.run("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:broken;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE",
                "--meldeweg.whatsapp.app-secret=" + Fixtures.APP_SECRET, "--meldeweg.crypto.key=" + Fixtures.CRYPTO_KEY,
                "--meldeweg.crypto.hash-key=" + Fixtures.HASH_KEY,
                "--camel.main.routes-include-pattern=file:" + dir.toAbsolutePath() + "/*.yaml").close())
                .satisfies(e -> assertThat(rootMessages(e)).contains("intake.camel.yaml"));
    }

    private static String rootMessages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
