package de.meldeweg.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.core.metrics.StartupStep;

/**
 * Where Spring's start-up goes, step by step, for the admin who measures it: started with the JVM
 * option {@code -Dmeldeweg.startup-steps=25}, the service records Spring's start-up steps (creating
 * each bean, reading the configuration classes, refreshing the context) and, once the context is
 * started, logs the 25 steps that took the most time of their own (their time less that of the
 * steps inside them) and the time of each kind of step. Without the option nothing is recorded.
 * A JVM option rather than a {@code meldeweg.*} setting: the recording must begin before Spring
 * reads any setting. Camel's own steps are logged with {@code --camel.main.startup-recorder=logging}.
 */
public final class StartupSteps {

    static final String PROPERTY = "meldeweg.startup-steps";
    private static final Logger LOG = LoggerFactory.getLogger(StartupSteps.class);

    private final BufferingApplicationStartup recorder = new BufferingApplicationStartup(50_000);
    private final int shown;

    StartupSteps(int shown) {
        this.shown = shown;
    }

    /** The recorder when {@code -Dmeldeweg.startup-steps=N} asks for it (N &gt; 0), otherwise null. */
    public static StartupSteps fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int shown = Integer.parseInt(value.strip());
            return shown > 0 ? new StartupSteps(shown) : null;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be the number of steps to log, is '" + value + "'", e);
        }
    }

    public BufferingApplicationStartup recorder() {
        return recorder;
    }

    /** One step: its name and what it was about (the bean's name), its own and its whole time. */
    record Step(String name, String about, long ownMillis, long totalMillis) {
    }

    /** The recorded steps, the ones with the most time of their own first. */
    List<Step> steps() {
        List<StartupTimeline.TimelineEvent> events = recorder.getBufferedTimeline().getEvents();
        Map<Long, Long> inside = new HashMap<>();
        for (StartupTimeline.TimelineEvent event : events) {
            Long parent = event.getStartupStep().getParentId();
            if (parent != null) {
                inside.merge(parent, event.getDuration().toNanos(), Long::sum);
            }
        }
        List<Step> steps = new ArrayList<>();
        for (StartupTimeline.TimelineEvent event : events) {
            StartupStep step = event.getStartupStep();
            long total = event.getDuration().toNanos();
            long own = Math.max(0, total - inside.getOrDefault(step.getId(), 0L));
            StringBuilder about = new StringBuilder();
            for (StartupStep.Tag tag : step.getTags()) {
                if (!about.isEmpty()) {
                    about.append(", ");
                }
                about.append(tag.getKey()).append('=').append(tag.getValue());
            }
            steps.add(new Step(step.getName(), about.toString(), own / 1_000_000, total / 1_000_000));
        }
        steps.sort(Comparator.comparingLong(Step::ownMillis).reversed());
        return steps;
    }

    /** The report the service logs: the steps with the most own time, then the own time per kind of step. */
    List<String> report() {
        List<Step> steps = steps();
        List<String> lines = new ArrayList<>();
        Map<String, long[]> byName = new LinkedHashMap<>();
        for (Step step : steps) {
            long[] sum = byName.computeIfAbsent(step.name(), n -> new long[2]);
            sum[0] += step.ownMillis();
            sum[1]++;
        }
        lines.add("Start-up steps: " + steps.size() + " recorded; the " + Math.min(shown, steps.size())
                + " with the most time of their own (own ms / with the steps inside ms):");
        for (Step step : steps.subList(0, Math.min(shown, steps.size()))) {
            lines.add(String.format("%6d / %6d ms  %s%s", step.ownMillis(), step.totalMillis(), step.name(),
                    step.about().isEmpty() ? "" : " (" + step.about() + ")"));
        }
        lines.add("Own time by kind of step:");
        byName.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> lines.add(String.format("%6d ms  %s (%d steps)", e.getValue()[0], e.getKey(), e.getValue()[1])));
        return lines;
    }

    public void log() {
        LOG.info(String.join(System.lineSeparator(), report()));
    }
}
