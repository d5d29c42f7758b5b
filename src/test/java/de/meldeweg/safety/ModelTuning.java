package de.meldeweg.safety;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import de.meldeweg.directory.Classification;
import de.meldeweg.directory.KeywordClassifier;
import de.meldeweg.directory.YamlCategoryKeywords;

/**
 * How the thresholds of {@link ModelAssistedClassifier}, {@link EmergencyDetector} and {@link AbuseFilter}
 * for the classifier were chosen: five-fold cross-validation on the tuning part of the evaluation set and
 * the rows written for training only ({@code training-extra.tsv}) (train on four fifths, predict the
 * fifth), then each threshold is swept and the figures printed. The held-out quarter is never read here.
 *
 * <pre>
 * mvn -B -q -o test-compile
 * java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" de.meldeweg.safety.ModelTuning
 * </pre>
 * ({@code mvn -B -o dependency:build-classpath -Dmdep.outputFile=target/classpath.txt} writes the class path.)
 */
public final class ModelTuning {

    private ModelTuning() {
    }

    record Row(SafetyEvaluationTest.Example example, double emergency, double abuse, TextModel.Guess category,
               boolean emergencyList, boolean abuseList, Classification keywords) {
    }

    public static void main(String[] args) throws Exception {
        List<SafetyEvaluationTest.Example> tune = new ArrayList<>(SafetyEvaluationTest.read(SafetyEvaluationTest.SET).stream()
                .filter(e -> e.split().equals("tune")).toList());
        // and the rows written for training only (training-extra.tsv), none of them in the evaluation set
        for (TextModel.Example e : TextModel.readTraining(TextModel.TRAINING_EXTRA)) {
            tune.add(new SafetyEvaluationTest.Example(0, "extra", e.category(), e.emergency(), e.abuse(), false, e.text()));
        }
        SafetyProperties properties = new SafetyProperties("config/safety", 20, Duration.ofMinutes(10), "");
        EmergencyDetector emergencies = new EmergencyDetector(properties);
        AbuseFilter abuse = new AbuseFilter(properties);
        KeywordClassifier keywords = new KeywordClassifier(new YamlCategoryKeywords(Path.of("config/departments.yaml")));

        int folds = 5;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < tune.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(11));
        Row[] rows = new Row[tune.size()];
        for (int fold = 0; fold < folds; fold++) {
            List<TextModel.Example> training = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                SafetyEvaluationTest.Example e = tune.get(order.get(i));
                if (i % folds == fold) {
                    test.add(order.get(i));
                } else {
                    training.add(new TextModel.Example(e.category(), e.emergency(), e.abuse(), e.text()));
                }
            }
            TextModel model = TextModel.train(training);
            for (int i : test) {
                SafetyEvaluationTest.Example e = tune.get(i);
                rows[i] = new Row(e, model.emergency(e.text()), model.abuse(e.text()), model.category(e.text()),
                        emergencies.listMatches(e.text()), abuse.listMatches(e.text()), keywords.classify(e.text()));
            }
        }
        System.out.println("Emergency: list or classifier >= t (cross-validated on the tuning part)");
        for (double t : new double[] {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01}) {
            int found = 0, all = 0, falseUrgent = 0, others = 0, modelOnly = 0, modelFound = 0, modelFalse = 0;
            for (Row r : rows) {
                boolean urgent = r.emergencyList() || r.emergency() >= t;
                if (r.example().emergency()) {
                    all++;
                    found += urgent ? 1 : 0;
                } else {
                    others++;
                    falseUrgent += urgent ? 1 : 0;
                }
                modelOnly += !r.emergencyList() && r.emergency() >= t ? 1 : 0;
                modelFound += r.example().emergency() && r.emergency() >= t ? 1 : 0;
                modelFalse += !r.example().emergency() && r.emergency() >= t ? 1 : 0;
            }
            System.out.printf("  t=%.2f  found %d/%d  others urgent %d/%d  (classifier beyond the list %d; classifier alone found %d, others %d)%n",
                    t, found, all, falseUrgent, others, modelOnly, modelFound, modelFalse);
        }
        System.out.println("Abuse: list or classifier >= t");
        for (double t : new double[] {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01}) {
            int held = 0, all = 0, falseHeld = 0, others = 0, modelHeld = 0, modelFalse = 0;
            for (Row r : rows) {
                boolean h = r.abuseList() || r.abuse() >= t;
                if (r.example().abuse()) {
                    all++;
                    held += h ? 1 : 0;
                } else {
                    others++;
                    falseHeld += h ? 1 : 0;
                }
                modelHeld += r.example().abuse() && r.abuse() >= t ? 1 : 0;
                modelFalse += !r.example().abuse() && r.abuse() >= t ? 1 : 0;
            }
            System.out.printf("  t=%.2f  held %d/%d  others held %d/%d  (classifier alone held %d, others %d)%n", t, held, all, falseHeld, others, modelHeld, modelFalse);
        }
        System.out.println("Category: keywords when their confidence >= c, else the classifier");
        for (double c : new double[] {0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01}) {
            int right = 0;
            for (Row r : rows) {
                String code = r.keywords().confidence() >= c && !r.keywords().matchedKeywords().isEmpty()
                        ? r.keywords().code() : r.category().label();
                right += code.equals(r.example().category()) ? 1 : 0;
            }
            System.out.printf("  c=%.2f  right %d/%d = %.1f %%%n", c, right, rows.length, 100.0 * right / rows.length);
        }
        System.out.println("Category: keywords when their confidence >= c, else the classifier if its probability >= p");
        for (double c : new double[] {0.0, 0.2, 0.4, 0.6}) {
            StringBuilder line = new StringBuilder(String.format("  c=%.2f ", c));
            for (double p : new double[] {0.5, 0.6, 0.7, 0.8, 0.9}) {
                int right = 0;
                for (Row r : rows) {
                    boolean keywordsDecide = r.keywords().confidence() >= c && !r.keywords().matchedKeywords().isEmpty();
                    String code = keywordsDecide || r.category().probability() < p ? r.keywords().code() : r.category().label();
                    right += code.equals(r.example().category()) ? 1 : 0;
                }
                line.append(String.format(" p=%.1f:%d", p, right));
            }
            System.out.println(line);
        }
        int keywordOnly = 0, modelOnly = 0;
        for (Row r : rows) {
            keywordOnly += r.keywords().code().equals(r.example().category()) ? 1 : 0;
            modelOnly += r.category().label().equals(r.example().category()) ? 1 : 0;
        }
        System.out.printf("  keywords alone %d, classifier alone %d of %d%n", keywordOnly, modelOnly, rows.length);
    }
}
