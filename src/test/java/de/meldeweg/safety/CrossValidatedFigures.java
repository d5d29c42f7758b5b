package de.meldeweg.safety;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import de.meldeweg.directory.Classification;
import de.meldeweg.directory.KeywordClassifier;
import de.meldeweg.directory.YamlCategoryKeywords;

/**
 * How a change to the classifier or the lists was judged: five-fold cross-validation over all training rows
 * ({@code training.tsv} and {@code training-extra.tsv}), each row predicted by models that did not see it, with the
 * lists, keywords and combination rules of the service; the thresholds are swept and printed. The held-out quarter is
 * only ever counted ({@code heldout}: one line of aggregate figures for the rule in use), never listed.
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" de.meldeweg.safety.CrossValidatedFigures [misses] [heldout] [nocv]
 * java ... de.meldeweg.safety.CrossValidatedFigures probe my-messages.tsv   # which of my own rows the lists and keywords get wrong
 * </pre>
 * {@code misses} lists the cross-validated category misses (training rows only).
 */
public final class CrossValidatedFigures {

    record Row(TextModel.Example e, boolean tune, double pe, double pa, Map<String, Double> cat, boolean le, boolean la, Classification kw) {
        String best() {
            return cat.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("ALLGEMEIN");
        }
        double bestP() {
            return cat.values().stream().mapToDouble(d -> d).max().orElse(0);
        }
    }

    static SafetyProperties properties = new SafetyProperties("config/safety", 20, Duration.ofMinutes(10), "");
    static YamlCategoryKeywords directory = new YamlCategoryKeywords(Path.of("config/departments.yaml"));
    static KeywordClassifier keywords = new KeywordClassifier(directory);
    static EmergencyDetector el = new EmergencyDetector(properties);
    static AbuseFilter al = new AbuseFilter(properties);

    static Row row(TextModel model, TextModel.Example e, boolean tune) {
        return new Row(e, tune, model.emergency(e.text()), model.abuse(e.text()), model.categories(e.text()),
                el.listMatches(e.text()), al.listMatches(e.text()), keywords.classify(e.text()));
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("probe")) {
            TextModel m = TextModel.fromClasspath();
            EmergencyDetector em = new EmergencyDetector(properties, m);
            AbuseFilter ab = new AbuseFilter(properties, m);
            for (TextModel.Example e : TextModel.parse(java.nio.file.Files.readString(Path.of(args[1])))) {
                List<String> u = em.matches(e.text());
                List<String> h = ab.matches(e.text());
                if (u.isEmpty() == e.emergency()) System.out.println((e.emergency() ? "MISSED 112 " : "FALSE 112 " + u) + " | " + e.text());
                if (h.isEmpty() == e.abuse()) System.out.println((e.abuse() ? "MISSED insult " : "FALSE held " + h) + " | " + e.text());
                var c = keywords.classify(e.text());
                if (!c.code().equals(e.category())) System.out.println("kw " + e.category() + " -> " + c.code() + " " + c.matchedKeywords() + " | " + e.text());
            }
            return;
        }
        boolean heldOut = List.of(args).contains("heldout");
        boolean showMisses = List.of(args).contains("misses");
        List<TextModel.Example> all = TextModel.readAllTraining();
        int tuneSize = TextModel.readTraining().size();
        long t0 = System.nanoTime();
        int folds = 5;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) order.add(i);
        java.util.Collections.shuffle(order, new Random(11));
        Row[] rows = new Row[all.size()];
        for (int fold = 0; fold < (List.of(args).contains("nocv") ? 0 : folds); fold++) {
            List<TextModel.Example> training = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                if (i % folds == fold) test.add(order.get(i)); else training.add(all.get(order.get(i)));
            }
            TextModel model = TextModel.train(training);
            for (int i : test) rows[i] = row(model, all.get(i), i < tuneSize);
        }
        System.out.printf("(CV %d s)%n", (System.nanoTime() - t0) / 1_000_000_000);
        if (!List.of(args).contains("nocv")) report("CV", List.of(rows), showMisses);
        if (heldOut) {
            TextModel model = TextModel.train(all);
            List<Row> h = new ArrayList<>();
            for (SafetyEvaluationTest.Example e : SafetyEvaluationTest.read(SafetyEvaluationTest.SET)) {
                if (e.split().equals("holdout")) {
                    h.add(row(model, new TextModel.Example(e.category(), e.emergency(), e.abuse(), e.text()), false));
                }
            }
            heldOutSummary(h); // aggregate only, never per row, only the rule in use
        }
    }

    static void heldOutSummary(List<Row> rows) {
        int f = 0, n = 0, fu = 0, o = 0, hh = 0, na = 0, fh = 0, oa = 0, right = 0;
        for (Row r : rows) {
            boolean u = r.le() || r.pe() >= EmergencyDetector.MODEL_THRESHOLD;
            if (r.e().emergency()) { n++; f += u ? 1 : 0; } else { o++; fu += u ? 1 : 0; }
            boolean h = r.la() || r.pa() >= AbuseFilter.MODEL_THRESHOLD;
            if (r.e().abuse()) { na++; hh += h ? 1 : 0; } else { oa++; fh += h ? 1 : 0; }
            right += inUse(r).equals(r.e().category()) ? 1 : 0;
        }
        System.out.printf("== HELD-OUT (aggregate, rule in use) emerg %d/%d false112 %d/%d insults %d/%d falseHeld %d/%d category %d/%d = %.1f%%%n",
                f, n, fu, o, hh, na, fh, oa, right, rows.size(), 100.0 * right / rows.size());
    }

    static void report(String name, List<Row> rows, boolean misses) {
        System.out.println("== " + name + " n=" + rows.size());
        int byList = 0, byModel = 0;
        for (Row r : rows) {
            if (!r.e().emergency()) { byList += r.le() ? 1 : 0; byModel += !r.le() && r.pe() >= 0.7 ? 1 : 0; }
        }
        System.out.printf("  false 112: by the list %d, by the model (t 0.7, beyond the list) %d%n", byList, byModel);
        // emergency: list (optionally vetoed) or model >= t
        for (double veto : new double[] {0, 0.02, 0.05, 0.1, 0.2}) {
            for (double t : new double[] {0.5, 0.6, 0.7, 0.8}) {
                int f = 0, n = 0, fu = 0, o = 0;
                for (Row r : rows) {
                    boolean u = (r.le() && r.pe() >= veto) || r.pe() >= t;
                    if (r.e().emergency()) { n++; f += u ? 1 : 0; } else { o++; fu += u ? 1 : 0; }
                }
                System.out.printf("  emergency veto %.2f t %.1f: found %d/%d false %d/%d%n", veto, t, f, n, fu, o);
            }
        }
        for (double t : new double[] {0.4, 0.5, 0.6}) {
            int f = 0, n = 0, fu = 0, o = 0;
            for (Row r : rows) {
                boolean u = r.la() || r.pa() >= t;
                if (r.e().abuse()) { n++; f += u ? 1 : 0; } else { o++; fu += u ? 1 : 0; }
            }
            System.out.printf("  abuse t %.1f: held %d/%d false %d/%d%n", t, f, n, fu, o);
        }
        // category rules
        System.out.println("  category: kw stands at conf>=c, else model if p>=p (R0); R1 = no keyword -> model argmax");
        for (boolean r1 : new boolean[] {false, true}) {
            for (double c : new double[] {0.4, 0.5, 0.6, 0.7, 0.8, 1.01}) {
                StringBuilder sb = new StringBuilder(String.format("   R%d c=%.2f", r1 ? 1 : 0, c));
                for (double p : new double[] {0.3, 0.4, 0.5, 0.6, 0.7, 0.8}) {
                    int right = 0;
                    for (Row r : rows) right += category(r, c, p, r1).equals(r.e().category()) ? 1 : 0;
                    sb.append(String.format(" p%.1f:%5.1f", p, 100.0 * right / rows.size()));
                }
                System.out.println(sb);
            }
        }
        for (double pe : new double[] {0.3, 0.5, 0.7}) {
            StringBuilder sb2 = new StringBuilder(String.format("   R2 (c0.6 p0.7; emergency/insult -> model argmax) pe>=%.1f", pe));
            for (double pm : new double[] {0.0, 0.3, 0.5}) {
                int right = 0;
                for (Row r : rows) right += r2(r, 0.6, 0.7, pe, pm).equals(r.e().category()) ? 1 : 0;
                sb2.append(String.format(" pm%.1f:%5.1f", pm, 100.0 * right / rows.size()));
            }
            System.out.println(sb2);
        }
        for (double c : new double[] {0.5, 0.6}) for (double p : new double[] {0.5, 0.6, 0.7}) {
            int right = 0;
            for (Row r : rows) right += r2(r, c, p, 0.5, 0.0).equals(r.e().category()) ? 1 : 0;
            System.out.printf("   R2 c%.1f p%.1f pe0.5 pm0: %5.1f%n", c, p, 100.0 * right / rows.size());
        }
        for (String labels : new String[] {"LOB_ANREGUNG", "ALLGEMEIN", "LOB_ANREGUNG,ALLGEMEIN"}) {
            StringBuilder sb3 = new StringBuilder("   R3 (c0.6 p0.7; model " + labels + " overrides keywords at >= q)");
            for (double q : new double[] {0.6, 0.7, 0.8, 0.9}) {
                int right = 0;
                for (Row r : rows) {
                    String c = List.of(labels.split(",")).contains(r.best()) && r.bestP() >= q ? r.best() : category(r, 0.6, 0.7, false);
                    right += c.equals(r.e().category()) ? 1 : 0;
                }
                sb3.append(String.format(" q%.1f:%5.1f", q, 100.0 * right / rows.size()));
            }
            System.out.println(sb3);
        }
        // blend: score(c) = a*kwconf*[c==kw] + (1-a)*p(c)
        StringBuilder sb = new StringBuilder("   blend");
        for (double a : new double[] {0.2, 0.3, 0.4, 0.5, 0.6, 0.7}) {
            int right = 0;
            for (Row r : rows) right += blend(r, a).equals(r.e().category()) ? 1 : 0;
            sb.append(String.format(" a%.1f:%5.1f", a, 100.0 * right / rows.size()));
        }
        System.out.println(sb);
        int inUse = 0, inUseTune = 0, tune = 0;
        for (Row r : rows) {
            boolean ok = inUse(r).equals(r.e().category());
            inUse += ok ? 1 : 0;
            if (r.tune()) { tune++; inUseTune += ok ? 1 : 0; }
        }
        System.out.printf("   rule in use (ModelAssistedClassifier): %d/%d = %.1f %%, rows of the tuning part %d/%d = %.1f %%%n",
                inUse, rows.size(), 100.0 * inUse / rows.size(), inUseTune, tune, 100.0 * inUseTune / Math.max(1, tune));
        int kwOnly = 0, mOnly = 0;
        for (Row r : rows) { kwOnly += r.kw().code().equals(r.e().category()) ? 1 : 0; mOnly += r.best().equals(r.e().category()) ? 1 : 0; }
        System.out.printf("   keywords alone %.1f, model alone %.1f%n", 100.0 * kwOnly / rows.size(), 100.0 * mOnly / rows.size());
        if (misses) {
            for (Row r : rows) {
                String c = inUse(r);
                if (!c.equals(r.e().category())) {
                    System.out.printf("%s %-12s -> %-12s kw %s %s %.2f model %s %.2f | %s%n", r.tune() ? "T" : "X", r.e().category(), c,
                            r.kw().code(), r.kw().matchedKeywords(), r.kw().confidence(), r.best(), r.bestP(), r.e().text().replace("\n", " / "));
                }
            }
        }
    }

    /** The category the service gives (ModelAssistedClassifier's rules, with the emergency verdict of lists and classifier and the abuse list's words). */
    static String inUse(Row r) {
        boolean urgent = r.le() || r.pe() >= EmergencyDetector.MODEL_THRESHOLD;
        Classification kw = ModelAssistedClassifier.withoutInsultWords(r.kw(), al.listWords(r.e().text()));
        return ModelAssistedClassifier.decide(kw, r.cat(), urgent, code -> true).classification().code();
    }

    static String category(Row r, double c, double p, boolean r1) {
        if (!r.kw().matchedKeywords().isEmpty() && r.kw().confidence() >= c) return r.kw().code();
        if (r1 && r.kw().matchedKeywords().isEmpty()) return r.best();
        if (r.bestP() >= p) return r.best();
        return r.kw().code();
    }

    static String r2(Row r, double c, double p, double pe, double pm) {
        boolean alarm = r.le() || r.la() || r.pe() >= pe || r.pa() >= pe;
        if (alarm && r.bestP() >= pm) return r.best();
        return category(r, c, p, false);
    }

    static String blend(Row r, double a) {
        String best = r.kw().code();
        double bs = -1;
        for (var en : r.cat().entrySet()) {
            double sc = (1 - a) * en.getValue() + (en.getKey().equals(r.kw().code()) && !r.kw().matchedKeywords().isEmpty() ? a * r.kw().confidence() : 0);
            if (sc > bs) { bs = sc; best = en.getKey(); }
        }
        return best;
    }
}
