package de.meldeweg.console.statistics;

import de.meldeweg.support.Postgres;

class StatisticsAggregationOnPostgresTest extends StatisticsAggregationScenarios {

    @Override
    String url() {
        return Postgres.jdbcUrl("statistics_aggregation");
    }

    @Override
    String user() {
        return "postgres";
    }
}
