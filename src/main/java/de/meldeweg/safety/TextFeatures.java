package de.meldeweg.safety;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import opennlp.tools.doccat.FeatureGenerator;

/**
 * The features {@link TextModel} describes a message by: its words, neighbouring pairs of words,
 * and the three- to five-letter pieces of each word with its edges marked ("<idi", "iot>").
 * A top-level public class because OpenNLP instantiates it by name.
 */
public final class TextFeatures implements FeatureGenerator {

    /** Instantiated by OpenNLP by its class name. */
    public TextFeatures() {
    }

    @Override
    public Collection<String> extractFeatures(String[] tokens, Map<String, Object> extraInformation) {
        Set<String> features = new LinkedHashSet<>();
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.equals("|")) {
                continue;
            }
            features.add("w=" + token);
            if (i + 1 < tokens.length && !tokens[i + 1].equals("|")) {
                features.add("b=" + token + "_" + tokens[i + 1]);
            }
            String marked = "<" + token + ">";
            for (int n = 3; n <= 5; n++) {
                for (int start = 0; start + n <= marked.length(); start++) {
                    features.add("c=" + marked.substring(start, start + n));
                }
            }
        }
        return features;
    }
}
