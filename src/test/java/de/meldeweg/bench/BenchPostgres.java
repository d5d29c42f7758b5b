package de.meldeweg.bench;

import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL 17 server for {@code bench/run.sh} (BENCH_DB=postgres), from the same Maven artifact
 * as the tests' embedded PostgreSQL: no installation, no root. Prints the JDBC URL on one line and
 * runs until its standard input closes (the script holds it open) or the process is killed.
 */
public final class BenchPostgres {

    private BenchPostgres() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true).start()) {
            System.out.println("JDBC_URL=" + postgres.getJdbcUrl("postgres", "postgres"));
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the script to close our input
            }
        }
    }
}
