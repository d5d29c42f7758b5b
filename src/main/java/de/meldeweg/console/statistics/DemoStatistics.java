package de.meldeweg.console.statistics;

import java.sql.Date;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.EmbeddedMode;

/**
 * A year of invented, anonymous statistics for the development mode, so that the statistics page
 * shows something on the first start ({@code mvn spring-boot:run}). Only in the {@code dev}
 * profile, and only into an empty {@code case_statistics_case}: never in production, never over
 * real figures.
 */
@Component
@Profile(EmbeddedMode.PROFILE)
public class DemoStatistics implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DemoStatistics.class);
    /** Category → department and its share of the reports, as in config/departments.yaml. */
    static final Map<String, String> CATEGORIES = Map.of("STRASSE", "tiefbauamt", "BELEUCHTUNG", "strassenbeleuchtung",
            "SAUBERKEIT", "bauhof", "GRUEN", "gruenflaechen", "VERKEHR", "verkehrsbehoerde", "ORDNUNG", "ordnungsamt",
            "WASSER", "abwasser", "WINTERDIENST", "winterdienst", "LOB_ANREGUNG", "beschwerdemanagement", "ALLGEMEIN", "beschwerdemanagement");

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ZoneId zone;

    public DemoStatistics(JdbcTemplate jdbc, Clock clock, ZoneId zone) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.zone = zone;
    }

    @Override
    public void run(ApplicationArguments args) {
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM case_statistics_case", Integer.class);
        if (rows != null && rows == 0) {
            int seeded = seed(jdbc, clock.instant().atZone(zone).toLocalDate().minusDays(1), 6, 2026);
            LOG.info("Development mode: {} invented anonymous statistics rows for the last year seeded (statistics page)", seeded);
        }
    }

    /** Invents about {@code perDay} reports a day for the year up to {@code last}; returns how many rows. */
    public static int seed(JdbcTemplate jdbc, LocalDate last, int perDay, long randomSeed) {
        Random random = new Random(randomSeed);
        List<String> codes = new ArrayList<>(new java.util.TreeSet<>(CATEGORIES.keySet()));
        List<Object[]> batch = new ArrayList<>();
        for (LocalDate day = last.minusYears(1).plusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
            boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            int reports = Math.max(0, (int) Math.round(perDay * (weekend ? 0.6 : 1.1) + random.nextGaussian() * 2));
            boolean winter = day.getMonthValue() <= 2 || day.getMonthValue() == 12;
            for (int i = 0; i < reports; i++) {
                String code = winter && random.nextInt(4) == 0 ? "WINTERDIENST" : codes.get(random.nextInt(codes.size()));
                boolean held = random.nextInt(60) == 0;
                boolean urgent = random.nextInt(40) == 0;
                Integer forward = held ? 60 * (2 + random.nextInt(30)) : 5 + random.nextInt(20);
                Integer answer = random.nextInt(8) == 0 ? null : forward + (int) (60 * Math.abs(random.nextGaussian() * (weekend ? 60 : 30)));
                Integer close = answer == null ? null : answer + 60 * random.nextInt(24 * 10);
                boolean inTime = answer != null && answer <= 60 * 24 * (weekend ? 4 : 3);
                batch.add(new Object[] {Date.valueOf(day), code, CATEGORIES.get(code), urgent, held, forward, answer, close, inTime});
            }
        }
        jdbc.batchUpdate("INSERT INTO case_statistics_case (report_day, category_code, dept_key, urgent, held, forward_minutes, answer_minutes, "
                + "close_minutes, answered_in_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch);
        return batch.size();
    }
}
