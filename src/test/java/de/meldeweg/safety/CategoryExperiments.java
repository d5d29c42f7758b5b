package de.meldeweg.safety;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import de.meldeweg.directory.Classification;

/**
 * How the category rules of {@link ModelAssistedClassifier} were chosen: five-fold cross-validation over the training
 * rows only (same folds as {@link CrossValidatedFigures}), comparing combination rules and category-model variants.
 * Prints counts over all training rows and over the rows of the tuning part; never reads the evaluation set.
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" de.meldeweg.safety.CategoryExperiments [variant ...]
 *   variants: base, stem, ng=2-6, nobi, l2=0.3, kw, kw,list, gis; "-Dadd=rows.tsv" with a variant containing "add"
 *   trains every fold also on rows.tsv (never evaluated); "-Dmisses=1" lists the misses of the rule in use
 * </pre>
 * The emergency and insult verdicts of the cross-validated models are cached in {@code /tmp/safety_cvbase.txt}
 * (delete it after changing the training files).
 */
public final class CategoryExperiments {

    /** A category model trained with options named in one string, e.g. "l2=0.3,kw,list,stem,ng=2-6,nobi". */
    static final class Variant {
        final java.util.Set<String> opts;
        final double l2;
        final opennlp.tools.ml.model.MaxentModel me;
        final Features gen;

        Variant(String spec, List<TextModel.Example> training) throws Exception {
            opts = new java.util.HashSet<>(List.of(spec.split(",")));
            double l = 0.1;
            for (String o : opts) if (o.startsWith("l2=")) l = Double.parseDouble(o.substring(3));
            l2 = l;
            opennlp.tools.util.TrainingParameters parameters = opennlp.tools.util.TrainingParameters.defaultParams();
            parameters.put(opennlp.tools.util.TrainingParameters.ALGORITHM_PARAM, opts.contains("gis") ? "MAXENT" : "MAXENT_QN");
            parameters.put(opennlp.tools.util.TrainingParameters.ITERATIONS_PARAM, opts.contains("gis") ? 300 : 100);
            parameters.put(opennlp.tools.util.TrainingParameters.CUTOFF_PARAM, 1);
            parameters.put(opennlp.tools.util.TrainingParameters.THREADS_PARAM, 1);
            parameters.put("L2Cost", l2);
            parameters.put("L1Cost", 0.0);
            parameters.put("PrintMessages", false);
            List<opennlp.tools.doccat.DocumentSample> samples = new ArrayList<>();
            for (TextModel.Example e : training) samples.add(new opennlp.tools.doccat.DocumentSample(e.category(), tokens(e.text())));
            var stream = opennlp.tools.util.ObjectStreamUtils.createObjectStream(samples);
            gen = new Features(opts);
            var model = opennlp.tools.doccat.DocumentCategorizerME.train("de", stream, parameters,
                    new opennlp.tools.doccat.DoccatFactory(new opennlp.tools.doccat.FeatureGenerator[] {gen}));
            me = model.getMaxentModel();
        }

        String[] tokens(String text) {
            List<String> t = new ArrayList<>(List.of(TextModel.features(text)));
            if (opts.contains("kw") || opts.contains("kwc")) {
                Classification k = KW.computeIfAbsent(text, CrossValidatedFigures.keywords::classify);
                if (!k.matchedKeywords().isEmpty()) {
                    t.add("|");
                    t.add("\u00a7kwc=" + k.code());
                    if (opts.contains("kw")) for (String w : k.matchedKeywords()) t.add("\u00a7kww=" + k.code() + ":" + w);
                    t.add("\u00a7kwq=" + k.code() + ":" + (k.confidence() >= 0.6 ? "hi" : "lo"));
                }
            }
            if (opts.contains("list")) {
                if (LE.computeIfAbsent(text, CrossValidatedFigures.el::listMatches)) t.add("\u00a7list=emergency");
                if (LA.computeIfAbsent(text, CrossValidatedFigures.al::listMatches)) t.add("\u00a7list=abuse");
            }
            return t.toArray(String[]::new);
        }

        Map<String, Double> categories(String text) {
            Map<String, Double> m = new java.util.HashMap<>();
            double[] p = me.eval(gen.extractFeatures(tokens(text), Map.of()).toArray(String[]::new));
            for (int i = 0; i < p.length; i++) m.put(me.getOutcome(i), p[i]);
            return m;
        }
    }

    static final Map<String, Classification> KW = new java.util.concurrent.ConcurrentHashMap<>();
    static final Map<String, Boolean> LE = new java.util.concurrent.ConcurrentHashMap<>();
    static final Map<String, Boolean> LA = new java.util.concurrent.ConcurrentHashMap<>();
    static final opennlp.tools.stemmer.snowball.SnowballStemmer STEM =
            new opennlp.tools.stemmer.snowball.SnowballStemmer(opennlp.tools.stemmer.snowball.SnowballStemmer.ALGORITHM.GERMAN);

    /** Feature generator with options. */
    static final class Features implements opennlp.tools.doccat.FeatureGenerator {
        final java.util.Set<String> opts;
        final int lo, hi;

        Features(java.util.Set<String> opts) {
            this.opts = opts;
            int a = 3, b = 5;
            for (String o : opts) if (o.startsWith("ng=")) { a = Integer.parseInt(o.substring(3, 4)); b = Integer.parseInt(o.substring(5, 6)); }
            lo = a; hi = b;
        }

        @Override
        public java.util.Collection<String> extractFeatures(String[] tokens, Map<String, Object> extra) {
            java.util.Set<String> f = new java.util.LinkedHashSet<>();
            String prev = null;
            for (int i = 0; i < tokens.length; i++) {
                String token = tokens[i];
                if (token.startsWith("\u00a7")) { f.add(token); continue; }
                if (token.equals("|")) { prev = null; continue; }
                f.add("w=" + token);
                if (opts.contains("stem")) f.add("s=" + stem(token));
                if (!opts.contains("nobi") && i + 1 < tokens.length && !tokens[i + 1].equals("|") && !tokens[i + 1].startsWith("\u00a7")) {
                    f.add("b=" + token + "_" + tokens[i + 1]);
                }
                if (opts.contains("sbi") && prev != null) f.add("sb=" + stem(prev) + "_" + stem(token));
                prev = token;
                String marked = "<" + token + ">";
                for (int n = lo; n <= hi; n++) {
                    for (int start = 0; start + n <= marked.length(); start++) f.add("c=" + marked.substring(start, start + n));
                }
            }
            return f;
        }

        static String stem(String w) {
            synchronized (STEM) {
                return STEM.stem(w).toString();
            }
        }
    }

    record R(TextModel.Example e, boolean tune, boolean urgent, boolean held, double pe, double pa, Map<String, Double> cat, Classification kw) {
        String best() {
            return cat.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("ALLGEMEIN");
        }
        double p(String c) {
            return cat.getOrDefault(c, 0.0);
        }
        double bestP() {
            return cat.values().stream().mapToDouble(d -> d).max().orElse(0);
        }
    }

    public static void main(String[] args) throws Exception {
        List<TextModel.Example> all = TextModel.readAllTraining();
        int tuneSize = TextModel.readTraining().size();
        int folds = 5;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) order.add(i);
        Collections.shuffle(order, new Random(11));
        R[] rows = new R[all.size()];
        long t0 = System.nanoTime();
        java.nio.file.Path cache = java.nio.file.Path.of("/tmp/safety_cvbase.txt");
        if (java.nio.file.Files.exists(cache)) {
            List<String> lines = java.nio.file.Files.readAllLines(cache);
            for (int i = 0; i < all.size(); i++) {
                String[] c = lines.get(i).split("\t");
                TextModel.Example e = all.get(i);
                Map<String, Double> cat = new java.util.HashMap<>();
                for (int k = 4; k < c.length; k += 2) cat.put(c[k], Double.parseDouble(c[k + 1]));
                rows[i] = new R(e, i < tuneSize, Boolean.parseBoolean(c[0]), Boolean.parseBoolean(c[1]), Double.parseDouble(c[2]), Double.parseDouble(c[3]),
                        cat, CrossValidatedFigures.keywords.classify(e.text()));
            }
        }
        boolean cached = rows[0] != null;
        for (int fold = 0; fold < (cached ? 0 : folds); fold++) {
            List<TextModel.Example> training = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                if (i % folds == fold) test.add(order.get(i)); else training.add(all.get(order.get(i)));
            }
            TextModel model = TextModel.train(training);
            for (int i : test) {
                TextModel.Example e = all.get(i);
                double pe = model.emergency(e.text());
                double pa = model.abuse(e.text());
                boolean le = CrossValidatedFigures.el.listMatches(e.text());
                boolean la = CrossValidatedFigures.al.listMatches(e.text());
                rows[i] = new R(e, i < tuneSize, le || pe >= EmergencyDetector.MODEL_THRESHOLD, la || pa >= AbuseFilter.MODEL_THRESHOLD,
                        pe, pa, model.categories(e.text()), CrossValidatedFigures.keywords.classify(e.text()));
            }
        }
        System.out.printf("(CV %d s)%n", (System.nanoTime() - t0) / 1_000_000_000);
        if (!java.nio.file.Files.exists(cache)) {
            StringBuilder sb = new StringBuilder();
            for (R r : rows) {
                sb.append(r.urgent()).append('\t').append(r.held()).append('\t').append(r.pe()).append('\t').append(r.pa());
                r.cat().forEach((k, v) -> sb.append('\t').append(k).append('\t').append(v));
                sb.append('\n');
            }
            java.nio.file.Files.writeString(cache, sb);
        }
        List<R> base = List.of(rows);
        show("R0 in use", base, r -> r0(r, 0.6, 0.7));
        Function<R, String> e5 = r -> r.urgent() && !(r.bestP() >= 0.5 && !r.best().equals("ALLGEMEIN")) ? "ALLGEMEIN" : r0(r, 0.6, 0.7);
        show("E5", base, e5);
        show("E5 + kw praise stands", base, r -> !r.urgent() && r.kw().code().equals("LOB_ANREGUNG") && !r.kw().matchedKeywords().isEmpty() ? "LOB_ANREGUNG" : e5.apply(r));
        for (double q : new double[] {0.1, 0.2, 0.3}) {
            show("E5 + kw praise stands at conf >= " + q, base, r -> !r.urgent() && r.kw().code().equals("LOB_ANREGUNG") && r.kw().confidence() >= q ? "LOB_ANREGUNG" : e5.apply(r));
        }
        for (double q : new double[] {0.5, 0.6, 0.7, 0.8}) {
            show("E5 but model>= " + q + " when kw conf<0.6", base, r -> r.urgent() && !(r.bestP() >= 0.5 && !r.best().equals("ALLGEMEIN")) ? "ALLGEMEIN" : r0(r, 0.6, q));
        }
        for (double q : new double[] {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01}) {
            show("emergency other " + q, base, r -> {
                boolean u = r.urgent() && !(r.bestP() >= q && !r.best().equals("ALLGEMEIN"));
                return u ? "ALLGEMEIN" : ModelAssistedClassifier.decide(r.kw(), r.cat(), false, c -> true).classification().code();
            });
        }
        Function<R, String> inUse = r -> ModelAssistedClassifier.decide(r.kw(), r.cat(), r.urgent(), c -> true).classification().code();
        show("IN USE", base, inUse);
        show("IN USE + insult words are no keywords", base, r -> {
            List<String> words = new ArrayList<>();
            for (var h : CrossValidatedFigures.al.hits(r.e().text())) words.addAll(h.words());
            boolean every = !r.kw().matchedKeywords().isEmpty() && !words.isEmpty();
            for (String k : r.kw().matchedKeywords()) {
                boolean inside = words.stream().anyMatch(w -> w.replace(" ", "").contains(k.replace(" ", "")));
                every &= inside;
            }
            if (every) {
                Classification none = new Classification("ALLGEMEIN", 0, List.of());
                return ModelAssistedClassifier.decide(none, r.cat(), r.urgent(), c -> true).classification().code();
            }
            return inUse.apply(r);
        });
        if (System.getProperty("misses") != null) {
            for (R r : base) {
                String c = inUse.apply(r);
                if (!c.equals(r.e().category())) {
                    System.out.printf("%s %-12s -> %-12s kw %s %s %.2f model %s %.2f u%s | %s%n", r.tune() ? "T" : "X", r.e().category(), c,
                            r.kw().code(), r.kw().matchedKeywords(), r.kw().confidence(), r.best(), r.bestP(), r.urgent() ? 1 : 0, r.e().text().replace("\n", " / "));
                }
            }
        }
        for (String variant : args) {
            R[] vr = new R[all.size()];
            long t1 = System.nanoTime();
            for (int fold = 0; fold < folds; fold++) {
                List<TextModel.Example> training = new ArrayList<>();
                List<Integer> test = new ArrayList<>();
                for (int i = 0; i < order.size(); i++) {
                    if (i % folds == fold) test.add(order.get(i)); else training.add(all.get(order.get(i)));
                }
                if (System.getProperty("add") != null && variant.contains("add")) {
                    training.addAll(TextModel.parse(java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("add")))));
                }
                Variant v = new Variant(variant, training);
                for (int i : test) {
                    R b = rows[i];
                    vr[i] = new R(b.e(), b.tune(), b.urgent(), b.held(), b.pe(), b.pa(), v.categories(b.e().text()), b.kw());
                }
            }
            List<R> list = List.of(vr);
            System.out.printf("--- %s (%d s)%n", variant, (System.nanoTime() - t1) / 1_000_000_000);
            show(variant + " model alone", list, R::best);
            show(variant + " RULE IN USE", list, r -> ModelAssistedClassifier.decide(r.kw(), r.cat(), r.urgent(), c -> true).classification().code());
            for (double c : new double[] {0.5, 0.6, 0.7, 0.8, 1.01}) for (double p : new double[] {0.4, 0.5, 0.6, 0.7, 0.8}) {
                show(String.format("%s R0 c%.2f p%.1f", variant, c, p), list, r -> r0(r, c, p));
            }
            for (double q : new double[] {0.8, 0.9, 0.95, 0.98, 0.99}) for (double c : new double[] {0.6, 0.7}) {
                show(String.format("%s R4 model>=%.2f overrides, then R0 c%.1f p0.7", variant, q, c), list, r -> r.bestP() >= q ? r.best() : r0(r, c, 0.7));
                show(String.format("%s R4E model>=%.2f overrides, then E c%.1f", variant, q, c), list,
                        r -> r.bestP() >= q ? r.best() : r.urgent() && !(r.bestP() >= 0.5 && !r.best().equals("ALLGEMEIN")) ? "ALLGEMEIN" : r0(r, c, 0.7));
            }
            for (double l2 : new double[] {0.001, 0.01, 0.1}) {
                show(String.format("%s META l2 %.3f (nested CV)", variant, l2), list, meta(list, l2));
            }
            for (double q : new double[] {0.5, 0.7}) {
                show(String.format("%s E urgent->ALLG unless model other >= %.1f", variant, q), list,
                        r -> r.urgent() && !(r.bestP() >= q && !r.best().equals("ALLGEMEIN")) ? "ALLGEMEIN" : r0(r, 0.6, 0.7));
            }
        }
    }

    static final List<String> CATS = List.of("ALLGEMEIN", "SAUBERKEIT", "STRASSE", "WASSER", "ORDNUNG", "VERKEHR", "LOB_ANREGUNG", "GRUEN", "BELEUCHTUNG", "WINTERDIENST");
    static final int NF = 5;

    static double[] feats(R r, String c) {
        boolean kwc = !r.kw().matchedKeywords().isEmpty() && r.kw().code().equals(c);
        boolean g = c.equals("ALLGEMEIN");
        return new double[] {Math.log(Math.max(1e-6, r.p(c))), kwc ? r.kw().confidence() : 0, kwc ? 1 : 0, r.urgent() && g ? 1 : 0, r.held() && g ? 1 : 0};
    }

    /** Conditional logit over shared features + class biases; nested 5-fold CV; returns the prediction per row. */
    static Function<R, String> meta(List<R> rows, double l2) {
        Map<R, String> pred = new java.util.IdentityHashMap<>();
        for (int fold = 0; fold < 5; fold++) {
            List<R> train = new ArrayList<>();
            List<R> test = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) (i % 5 == fold ? test : train).add(rows.get(i));
            double[] w = fit(train, l2);
            for (R r : test) pred.put(r, predict(r, w));
        }
        return pred::get;
    }

    static String predict(R r, double[] w) {
        String best = null;
        double bs = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < CATS.size(); k++) {
            double[] f = feats(r, CATS.get(k));
            double sc = w[NF + k];
            for (int j = 0; j < NF; j++) sc += w[j] * f[j];
            if (sc > bs) { bs = sc; best = CATS.get(k); }
        }
        return best;
    }

    static double[] fit(List<R> rows, double l2) {
        double[] w = new double[NF + CATS.size()];
        w[0] = 1;
        w[1] = 1;
        for (int it = 0; it < 1500; it++) {
            double[] g = new double[w.length];
            for (R r : rows) {
                double[] sc = new double[CATS.size()];
                double max = Double.NEGATIVE_INFINITY;
                double[][] f = new double[CATS.size()][];
                for (int k = 0; k < CATS.size(); k++) {
                    f[k] = feats(r, CATS.get(k));
                    sc[k] = w[NF + k];
                    for (int j = 0; j < NF; j++) sc[k] += w[j] * f[k][j];
                    max = Math.max(max, sc[k]);
                }
                double z = 0;
                for (int k = 0; k < sc.length; k++) { sc[k] = Math.exp(sc[k] - max); z += sc[k]; }
                int y = CATS.indexOf(r.e().category());
                for (int k = 0; k < sc.length; k++) {
                    double d = sc[k] / z - (k == y ? 1 : 0);
                    for (int j = 0; j < NF; j++) g[j] += d * f[k][j];
                    g[NF + k] += d;
                }
            }
            for (int j = 0; j < w.length; j++) w[j] -= 0.5 * (g[j] / rows.size() + l2 * w[j]);
        }
        return w;
    }

    static String r0(R r, double c, double p) {
        if (!r.kw().matchedKeywords().isEmpty() && r.kw().confidence() >= c) return r.kw().code();
        if (r.bestP() >= p) return r.best();
        return r.kw().code();
    }

    static void show(String name, List<R> rows, Function<R, String> rule) {
        int right = 0, tRight = 0, t = 0;
        for (R r : rows) {
            boolean ok = rule.apply(r).equals(r.e().category());
            right += ok ? 1 : 0;
            if (r.tune()) { t++; tRight += ok ? 1 : 0; }
        }
        System.out.printf("%-60s all %4d/%d = %5.1f %%  tune rows %3d/%d = %5.1f %%%n", name, right, rows.size(), 100.0 * right / rows.size(), tRight, t, 100.0 * tRight / t);
    }
}
