package de.meldeweg.safety;

import java.util.List;

import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;

import de.meldeweg.directory.CaseClassifier;
import de.meldeweg.directory.CategoryKeywords;
import de.meldeweg.directory.Classification;
import de.meldeweg.directory.KeywordClassifier;

/**
 * The category of a case: the department directory's keywords ({@link KeywordClassifier}) decide
 * where they are confident, an admin can follow and change that; otherwise the trained classifier
 * ({@link TextModel}) decides if it is sure enough and names a category the directory has. Both
 * thresholds were chosen by five-fold cross-validation on the tuning part of the evaluation set
 * ({@code ModelTuning}); the classifier alone places far fewer reports right than the keywords,
 * so it only steps in where they are unsure. A classifier's decision has no keywords; the verdict explainer shows
 * its label and probability.
 */
@Primary
@Component
public class ModelAssistedClassifier implements CaseClassifier {

    /** The keyword classifier's confidence from which its category stands without asking the classifier. */
    static final double KEYWORD_CONFIDENCE = 0.6;
    /** Below that, the classifier's category replaces the keywords' if it is at least this probable (both chosen by cross-validation in {@code ModelTuning}: the grid's best). */
    static final double MODEL_PROBABILITY = 0.7;

    private final KeywordClassifier keywords;
    private final CategoryKeywords directory;
    private final TextModel model;

    public ModelAssistedClassifier(KeywordClassifier keywords, CategoryKeywords directory, TextModel model) {
        this.keywords = keywords;
        this.directory = directory;
        this.model = model;
    }

    @Override
    public Classification classify(String text) {
        Classification byKeywords = keywords.classify(text);
        if (!byKeywords.matchedKeywords().isEmpty() && byKeywords.confidence() >= KEYWORD_CONFIDENCE) {
            return byKeywords;
        }
        TextModel.Guess guess = model.category(text);
        String code = guess.label();
        if (guess.probability() < MODEL_PROBABILITY) {
            return byKeywords;
        }
        boolean known = code.equals(GENERAL) || code.equals(PRAISE) || directory.keywordsByCategory().containsKey(code);
        if (!known || code.equals(byKeywords.code())) {
            return byKeywords;
        }
        return new Classification(code, Math.round(guess.probability() * 100) / 100.0, List.of());
    }

    /** What the keywords alone say. */
    Classification byKeywords(String text) {
        return keywords.classify(text);
    }

    TextModel model() {
        return model;
    }
}
