package de.meldeweg.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** The benchmarks' wait for a started service jar: until {@code /actuator/health} says UP, or it exits. */
final class ServiceStart {

    private ServiceStart() {
    }

    /** Waits until the service answers UP; fails when the process ends or the time is up. */
    static void awaitHealthy(Process service, URI base, Path log, Duration atMost, Duration pollEvery) throws InterruptedException {
        HttpClient probe = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("service exited during start-up, see " + log);
            }
            try {
                HttpResponse<String> health = probe.send(HttpRequest.newBuilder(base.resolve("/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(pollEvery.toMillis());
        }
        throw new IllegalStateException("service not healthy within " + atMost.toSeconds() + " s");
    }
}
