package de.meldeweg.safety;

import java.nio.file.Path;

/**
 * Trains {@link TextModel} on {@code src/main/resources/safety/training.tsv} and
 * {@code training-extra.tsv} (in that order) and writes the models to
 * {@code src/main/resources/safety/model/}: run it after changing a training file, then commit both
 * ({@code TextModelTest} fails until the committed models match the training files).
 *
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" de.meldeweg.safety.TrainTextModel
 * </pre>
 */
public final class TrainTextModel {

    private TrainTextModel() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of("src/main/resources/safety");
        Path models = folder.resolve("model");
        java.util.List<TextModel.Example> rows = new java.util.ArrayList<>();
        for (String file : java.util.List.of("training.tsv", "training-extra.tsv")) {
            rows.addAll(TextModel.parse(java.nio.file.Files.readString(folder.resolve(file))));
        }
        TextModel model = TextModel.train(rows);
        model.write(models);
        System.out.println("Models written to " + models.toAbsolutePath());
    }
}
