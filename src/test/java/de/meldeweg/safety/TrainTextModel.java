package de.meldeweg.safety;

import java.nio.file.Path;

/**
 * Trains {@link TextModel} on {@code src/main/resources/safety/training.tsv} and writes the models to
 * {@code src/main/resources/safety/model/}: run it after changing the training file, then commit both
 * ({@code TextModelTest} fails until the committed models match the training file).
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
        Path training = Path.of("src/main/resources/safety/training.tsv");
        Path models = Path.of("src/main/resources/safety/model");
        TextModel model = TextModel.train(TextModel.parse(java.nio.file.Files.readString(training)));
        model.write(models);
        System.out.println("Models written to " + models.toAbsolutePath());
    }
}
