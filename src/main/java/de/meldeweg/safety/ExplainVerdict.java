package de.meldeweg.safety;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import tools.jackson.databind.ObjectMapper;

import de.meldeweg.directory.KeywordClassifier;
import de.meldeweg.directory.YamlCategoryKeywords;

/**
 * The verdict explainer on the command line, without the service and its database: the lists in
 * {@code config/safety/}, the keywords and departments of {@code config/departments.yaml}.
 *
 * <pre>
 * java -cp "target/classes:$(cat target/classpath.txt)" de.meldeweg.safety.ExplainVerdict "Es brennt in der Lederstraße"
 * echo "Laterne kaputt, ihr Idioten" | java -cp ... de.meldeweg.safety.ExplainVerdict
 * </pre>
 * The folder of the configuration is {@code ./config}, or the system property {@code meldeweg.config}.
 * Prints the explanation as JSON (see {@link VerdictExplainer.Explanation}).
 */
public final class ExplainVerdict {

    private ExplainVerdict() {
    }

    public static void main(String[] args) throws IOException {
        String text = args.length > 0 ? String.join(" ", args)
                : new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        Path config = Path.of(System.getProperty("meldeweg.config", "config"));
        // The answer is the output: the start-up notes (lists loaded, typo collisions) stay out of it.
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        ObjectMapper json = de.meldeweg.MeldewegConfiguration.jsonMapper();
        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(explainer(config, json).explain(text)));
    }

    static VerdictExplainer explainer(Path config, ObjectMapper json) throws IOException {
        SafetyProperties properties = new SafetyProperties(config.resolve("safety").toString(), 20, Duration.ofMinutes(10), "");
        Path directory = config.resolve("departments.yaml");
        Map<String, VerdictExplainer.Department> departments = departments(directory);
        TextModel model = TextModel.fromClasspath();
        YamlCategoryKeywords keywords = new YamlCategoryKeywords(directory);
        KeywordClassifier byKeywords = new KeywordClassifier(keywords, de.meldeweg.directory.Vocabulary.in(config.resolve("safety")));
        EmergencyDetector emergencies = new EmergencyDetector(properties, model);
        AbuseFilter abuse = new AbuseFilter(properties, model);
        return new VerdictExplainer(emergencies, abuse,
                new ModelAssistedClassifier(byKeywords, keywords, model, emergencies, abuse),
                code -> Optional.ofNullable(departments.get(code)), json);
    }

    /** Category code → department, from the directory file. */
    static Map<String, VerdictExplainer.Department> departments(Path file) throws IOException {
        Object root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        Map<String, String> names = new HashMap<>();
        Map<String, VerdictExplainer.Department> byCode = new HashMap<>();
        if (root instanceof Map<?, ?> document) {
            if (document.get("departments") instanceof List<?> list) {
                for (Object d : list) {
                    if (d instanceof Map<?, ?> department && department.get("key") != null) {
                        names.put(department.get("key").toString(), String.valueOf(department.get("name")));
                    }
                }
            }
            if (document.get("categories") instanceof List<?> list) {
                for (Object c : list) {
                    if (c instanceof Map<?, ?> category && category.get("code") != null && category.get("department") != null) {
                        String key = category.get("department").toString();
                        byCode.put(category.get("code").toString(), new VerdictExplainer.Department(key, names.get(key)));
                    }
                }
            }
        }
        return byCode;
    }
}
