package de.meldeweg.cases;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code meldeweg.case.*}: how messages become cases and how cases are forwarded.
 * Defaults in application.yaml; a wrong value stops the start and names the setting.
 *
 * @param groupingWindow   a citizen's messages become one case once the citizen has been quiet this long (PT0S: at once)
 * @param assemblyInterval how often quiet citizens are looked for (route case-assembly), e.g. 5s
 * @param enrichers        cases classified and forwarded at the same time (thread pool caseEnrichers)
 * @param maxReportChars   a longer report is cut there, visibly, before it is stored and forwarded
 * @param maxAttempts      attempts to forward a case before it becomes a dead letter for an admin
 * @param retryInitial     pause before the second attempt; it doubles with every further one, at most an hour
 */
@Validated
@ConfigurationProperties("meldeweg.case")
public record CaseProperties(@NotNull @DurationMin(millis = 0) Duration groupingWindow,
                             @NotNull @DurationMin(millis = 10) Duration assemblyInterval,
                             @Min(1) @Max(64) int enrichers, @Min(100) int maxReportChars, @Min(1) int maxAttempts,
                             @NotNull @DurationMin(millis = 1) Duration retryInitial) {
}
