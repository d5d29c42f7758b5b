package de.meldeweg.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What went wrong inside the service, for a crash test's report when it finds a problem: its WARN and
 * ERROR lines grouped by logger and message, with numbers and references folded, most frequent first.
 * The service logs no personal data, so the summary may be printed where CI shows it.
 */
final class ServiceLog {

    private static final Pattern LEVEL = Pattern.compile("\\s(WARN|ERROR)\\s");
    private static final Pattern PREFIX = Pattern.compile("^.*?\\s(WARN|ERROR)\\s+\\d+\\s+---\\s+\\[[^]]*\\]\\s+\\[[^]]*\\]\\s+");
    private static final Pattern NUMBERS = Pattern.compile("WK-\\d{4}-\\d{6}|\\d+");

    private ServiceLog() {
    }

    static String warnings(Path log) {
        Map<String, Integer> counts = new TreeMap<>();
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            lines.filter(line -> LEVEL.matcher(line).find()).forEach(line -> {
                String level = line.contains(" ERROR ") ? "ERROR " : "WARN  ";
                String message = NUMBERS.matcher(PREFIX.matcher(line).replaceFirst("")).replaceAll("#");
                counts.merge(level + (message.length() > 200 ? message.substring(0, 200) : message), 1, Integer::sum);
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            return "service log not readable: " + e.getMessage() + "\n";
        }
        StringBuilder out = new StringBuilder("service warnings and errors (count, level, message):\n");
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(20)
                .forEach(e -> out.append("%5d %s%n".formatted(e.getValue(), e.getKey())));
        return out.toString();
    }
}
