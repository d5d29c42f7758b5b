package de.meldeweg.safety;

import java.nio.file.Path;
import java.time.Duration;

/** The safety lists alone (no classifier), for {@code de.meldeweg.bench.WordListBenchmark}. */
public final class WordListTiming {

    private final EmergencyDetector emergency;
    private final AbuseFilter abuse;

    public WordListTiming(Path dir) {
        SafetyProperties properties = new SafetyProperties(dir.toString(), 20, Duration.ofMinutes(10), "");
        this.emergency = new EmergencyDetector(properties);
        this.abuse = new AbuseFilter(properties);
    }

    /** How many entries of the emergency list match. */
    public int emergency(String text) {
        return emergency.hits(text).size();
    }

    /** How many entries of the abuse list match. */
    public int abuse(String text) {
        return abuse.hits(text).size();
    }
}
