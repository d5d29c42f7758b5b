package de.meldeweg.console.statistics;

class StatisticsAggregationOnH2Test extends StatisticsAggregationScenarios {

    private final String url = "jdbc:h2:mem:statistics-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";

    @Override
    String url() {
        return url;
    }

    @Override
    String user() {
        return "sa";
    }
}
