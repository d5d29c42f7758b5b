package de.meldeweg.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The retention clock starts when a case is closed, so exactly one class may set
 * {@code report_case.closed_at}: {@code CaseClosing}. This test walks the Java sources, the route
 * files and the migrations for any SQL that writes the column elsewhere.
 */
class CaseClosingOwnershipTest {

    private static final String OWNER = "src/main/java/de/meldeweg/cases/CaseClosing.java";

    /** An UPDATE of report_case that sets closed_at, or an INSERT/MERGE into report_case that names it. */
    private static final Pattern WRITE = Pattern.compile(
            "(?is)\\b(update\\s+report_case\\b[^;\"]*?\\bset\\b[^;\"]*?\\bclosed_at\\s*=|(insert|merge)\\s+into\\s+report_case\\b[^;\"]*?\\bclosed_at\\b)");

    @Test
    void onlyCaseClosingWritesTheClosingTime() throws IOException {
        List<String> writers = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("routes"), Path.of("src/main/resources"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).filter(CaseClosingOwnershipTest::readable).toList()) {
                    if (file.toString().replace('\\', '/').equals(OWNER)) {
                        continue;
                    }
                    if (writesClosedAt(Files.readString(file, StandardCharsets.UTF_8))) {
                        writers.add(file.toString());
                    }
                }
            }
        }
        assertThat(writers).as("files that set report_case.closed_at besides CaseClosing").isEmpty();
        assertThat(writesClosedAt(Files.readString(Path.of(OWNER), StandardCharsets.UTF_8))).as("CaseClosing itself is found").isTrue();
    }

    @Test
    void theCheckRecognisesWritesAcrossConcatenatedStringsAndIgnoresReads() {
        assertThat(writesClosedAt("jdbc.update(\"UPDATE report_case SET state = 'CLOSED', \"\n        + \"closed_at = ? WHERE id = ?\", now, id);")).isTrue();
        assertThat(writesClosedAt("jdbc.update(\"update REPORT_CASE set closed_at=now() where id = 1\");")).isTrue();
        assertThat(writesClosedAt("\"INSERT INTO report_case (reference, state, created_at, closed_at) VALUES (?, ?, ?, ?)\"")).isTrue();
        assertThat(writesClosedAt("        uri: sql:UPDATE report_case SET closed_at = :#now WHERE id = :#id")).isTrue();
        assertThat(writesClosedAt("\"SELECT id FROM report_case WHERE closed_at < ? ORDER BY id\"")).isFalse();
        assertThat(writesClosedAt("\"UPDATE report_case SET state = 'X' WHERE closed_at IS NULL AND id = ?\"")).isFalse();
        assertThat(writesClosedAt("\"DELETE FROM report_case WHERE closed_at < ?\"")).isFalse();
    }

    /** Java string concatenations are joined first, so SQL split over several lines is seen whole. */
    static boolean writesClosedAt(String source) {
        String joined = source.replaceAll("\"\\s*\\+\\s*\"", "");
        Matcher write = WRITE.matcher(joined);
        return write.find();
    }

    private static boolean readable(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".java") || name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".sql") || name.endsWith(".xml");
    }
}
