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
 */
@Validated
@ConfigurationProperties("meldeweg.console.statistics")
public record StatisticsProperties(@NotNull Duration refresh, @NotNull Duration firstDelay, @Min(1) @Max(60) int months) {
}
