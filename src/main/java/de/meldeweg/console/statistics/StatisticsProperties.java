package de.meldeweg.console.statistics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The statistics page's count of past months and weeks ({@code meldeweg.console.statistics.*}):
 * how often it is taken again ({@code refresh}), when first after the start ({@code first-delay}),
 * and how many months back it reaches ({@code months}; older ranges are counted when asked).
 *
 * @param refresh    how often the months and weeks that are over are counted again; the page shows the time of the last count
 * @param firstDelay time from the start to the first count; until then the page counts every period at each request
 * @param months     how many months back the count reaches; a range older than that is counted at the request
 */
@Validated
@ConfigurationProperties("meldeweg.console.statistics")
public record StatisticsProperties(@NotNull Duration refresh, @NotNull Duration firstDelay, @Min(1) @Max(60) int months) {
}
