package de.meldeweg.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The start-up's background loads: health is DOWN until every one is done, whoever needs a result
 * waits for it, and a load that fails fails the start.
 */
class StartupLoadsTest {

    @Test
    void healthIsDownUntilEveryLoadIsDone() throws Exception {
        StartupLoads loads = new StartupLoads();
        CountDownLatch release = new CountDownLatch(1);
        StartupLoads.Load<String> list = loads.start("word list emergency.txt", () -> {
            waitFor(release);
            return "loaded";
        });
        StartupLoads.Load<String> model = loads.start("text model", () -> "model");

        assertThat(loads.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(loads.health().getDetails()).containsEntry("word list emergency.txt", "loading").containsEntry("text model", "loading");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !list.done() && !model.done());
        assertThat(loads.health().getStatus()).isEqualTo(Status.DOWN);

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> loads.health().getStatus().equals(Status.UP));
        assertThat(list.get()).isEqualTo("loaded");
        assertThat(model.get()).isEqualTo("model");
        loads.awaitAll();
        // after the start, a load runs at once on the caller's thread
        assertThat(loads.start("late", () -> Thread.currentThread().getName()).get()).isNotEqualTo("startup-load");
    }

    @Test
    void whoeverNeedsAResultWaitsForIt() throws Exception {
        StartupLoads loads = new StartupLoads();
        CountDownLatch release = new CountDownLatch(1);
        StartupLoads.Load<String> list = loads.start("word list abuse.txt", () -> {
            waitFor(release);
            return "the whole list";
        });
        java.util.concurrent.CompletableFuture<String> reader = java.util.concurrent.CompletableFuture.supplyAsync(list::get);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !reader.isDone());
        release.countDown();
        assertThat(reader.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("the whole list");
    }

    @Test
    void aFailedLoadIsDownAndThrowsToWhoeverNeedsIt() {
        StartupLoads loads = new StartupLoads();
        StartupLoads.Load<String> list = loads.start("word list abuse.txt", () -> {
            throw new IllegalStateException("Word list abuse.txt cannot be read");
        });
        await().atMost(Duration.ofSeconds(10)).until(list::done);
        assertThat(loads.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(loads.health().getDetails()).containsEntry("word list abuse.txt", "failed");
        assertThatThrownBy(list::get).isInstanceOf(IllegalStateException.class).hasMessage("Word list abuse.txt cannot be read");
        assertThatThrownBy(loads::awaitAll).hasMessageContaining("Start-up load 'word list abuse.txt' failed");
    }

    @Test
    void aFailedLoadFailsTheStart() {
        SpringApplicationBuilder start = new SpringApplicationBuilder(WithAFailingLoad.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "spring.config.location=optional:classpath:/none.yaml");
        assertThatThrownBy(start::run).hasMessageContaining("Start-up load 'word list emergency.txt' failed")
                .hasStackTraceContaining("Word list emergency.txt cannot be read");
    }

    @Test
    void theStartWaitsForItsLoads() {
        try (var context = new SpringApplicationBuilder(WithASlowLoad.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "spring.config.location=optional:classpath:/none.yaml").run()) {
            // when run() returns the application has started: the load is done and health says so
            assertThat(context.getBean(Slow.class).load.done()).isTrue();
            assertThat(context.getBean(StartupLoads.class).health().getStatus()).isEqualTo(Status.UP);
        }
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Slow(StartupLoads.Load<String> load) {
    }

    @Configuration(proxyBeanMethods = false)
    static class WithAFailingLoad {
        @Bean
        StartupLoads startupLoads() {
            return new StartupLoads();
        }

        @Bean
        Slow failing(StartupLoads loads) {
            return new Slow(loads.start("word list emergency.txt", () -> {
                throw new java.io.UncheckedIOException("Word list emergency.txt cannot be read", new java.io.IOException("Input length = 1"));
            }));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WithASlowLoad {
        @Bean
        StartupLoads startupLoads() {
            return new StartupLoads();
        }

        @Bean
        Slow slow(StartupLoads loads) {
            return new Slow(loads.start("text model", () -> {
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
                return "model";
            }));
        }
    }
}
