package de.meldeweg.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import de.meldeweg.directory.KeywordClassifier;
import de.meldeweg.directory.YamlCategoryKeywords;
import de.meldeweg.safety.WordListTiming;

/**
 * CPU time of matching the safety word lists ({@code config/safety/emergency.txt}, {@code abuse.txt}) and
 * classifying by the directory keywords ({@code config/departments.yaml}), per message, over the 628 texts
 * of the evaluation set: not a test (no timing is asserted), a small main for comparing before and after.
 * Thread CPU time, so the load of a shared machine counts less than with wall-clock time.
 *
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" de.meldeweg.bench.WordListBenchmark
 * </pre>
 */
public final class WordListBenchmark {

    private WordListBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        List<String> texts = texts(Path.of("src/test/resources/safety/evaluation.tsv"));
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long start = cpu.getCurrentThreadCpuTime();
        WordListTiming lists = new WordListTiming(Path.of("config/safety"));
        KeywordClassifier keywords = new KeywordClassifier(new YamlCategoryKeywords(Path.of("config/departments.yaml")));
        keywords.classify("Laterne kaputt");
        System.out.printf("start-up (lists, ordinary words, keyword index): %d ms CPU%n", (cpu.getCurrentThreadCpuTime() - start) / 1_000_000);
        int rounds = 20;
        for (int warm = 0; warm < 5; warm++) {
            run(texts, lists, keywords);
        }
        long[] sums = new long[3];
        for (int r = 0; r < rounds; r++) {
            long[] round = run(texts, lists, keywords);
            for (int i = 0; i < 3; i++) {
                sums[i] += round[i];
            }
        }
        double n = (double) rounds * texts.size();
        System.out.printf("per message, CPU: emergency list %.1f µs, abuse list %.1f µs, directory keywords %.1f µs (%d messages x %d rounds)%n",
                sums[0] / n / 1000, sums[1] / n / 1000, sums[2] / n / 1000, texts.size(), rounds);
    }

    private static long[] run(List<String> texts, WordListTiming lists, KeywordClassifier keywords) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] times = new long[3];
        int found = 0;
        long t0 = cpu.getCurrentThreadCpuTime();
        for (String text : texts) {
            found += lists.emergency(text);
        }
        long t1 = cpu.getCurrentThreadCpuTime();
        for (String text : texts) {
            found += lists.abuse(text);
        }
        long t2 = cpu.getCurrentThreadCpuTime();
        for (String text : texts) {
            found += keywords.classify(text).matchedKeywords().size();
        }
        long t3 = cpu.getCurrentThreadCpuTime();
        if (found < 0) {
            System.out.println(found);
        }
        times[0] = t1 - t0;
        times[1] = t2 - t1;
        times[2] = t3 - t2;
        return times;
    }

    private static List<String> texts(Path set) throws IOException {
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(set, StandardCharsets.UTF_8)) {
            String[] c = line.split("\t", 6);
            if (!line.startsWith("#") && c.length == 6 && !c[0].equals("split")) {
                texts.add(c[5].replace("\\n", "\n"));
            }
        }
        return texts;
    }
}
