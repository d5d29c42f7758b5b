package de.meldeweg.crash;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built service jar as its own operating-system process, on loopback, with its output appended
 * to one log file. {@link #sigkill()} is SIGKILL (no shutdown hooks, no H2 close), {@link #stop()}
 * the normal SIGTERM with Spring's graceful shutdown.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient PROBE = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final String label;
    private final Process process;
    private final URI base;
    private final Path log;

    private ServiceProcess(String label, Process process, URI base, Path log) {
        this.label = label;
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts the jar with the project directory as working directory and the given service arguments. */
    static ServiceProcess start(String label, Path projectDir, Path jar, Path log, List<String> serviceArgs) {
        return start(label, projectDir, jar, log, serviceArgs, "512m");
    }

    /** As above, with the given maximum heap ({@code -Xmx}). */
    static ServiceProcess start(String label, Path projectDir, Path jar, Path log, List<String> serviceArgs, String maxHeap) {
        int port = freeLoopbackPort();
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        // Start-up dominates this test's run time; these flags only change JIT and GC, not behaviour.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx" + maxHeap);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        // the crash tests' probe route is a path of its own, closed like every path but the webhook and health
        command.add("--meldeweg.security.open-paths=/webhooks/whatsapp,/actuator/health/**,/crash-it/**");
        command.addAll(serviceArgs);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(projectDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Hermetic: no profile or secret from the developer's shell may leak into the service.
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("MELDEWEG_") || k.startsWith("SPRING_") || k.startsWith("CAMEL_")
                || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        try {
            Files.writeString(log, "%n===== %s %s: %s%n".formatted(Instant.now(), label, String.join(" ", command)),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new ServiceProcess(label, builder.start(), URI.create("http://127.0.0.1:" + port), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI base() {
        return base;
    }

    URI webhook() {
        return base.resolve("/webhooks/whatsapp");
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Waits for /actuator/health to report UP; fails at once if the process dies meanwhile. */
    Duration awaitHealthy(Duration atMost) {
        Instant started = Instant.now();
        await(label + " healthy")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(200))
                .failFast(label + " exited during start-up, see " + log, () -> !process.isAlive())
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    HttpResponse<String> health = PROBE.send(HttpRequest.newBuilder(base.resolve("/actuator/health"))
                            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                    return health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"");
                });
        return Duration.between(started, Instant.now());
    }

    /** Stored webhook events intake still has to process, as the test-only probe route reports them. */
    int pendingEvents() throws IOException, InterruptedException {
        HttpResponse<String> response = PROBE.send(HttpRequest.newBuilder(base.resolve("/crash-it/pending"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("probe answered " + response.statusCode() + ": " + response.body());
        }
        return Integer.parseInt(response.body().trim());
    }

    /** Sends SIGKILL: the JVM gets no chance to flush, close H2 or finish requests. Does not wait. */
    void sigkill() {
        process.destroyForcibly();
    }

    /** Waits until the process has exited after {@link #sigkill()}. */
    void awaitDeath() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(label + " did not die within 30 s of SIGKILL");
        }
    }

    /** SIGTERM and graceful shutdown; SIGKILL only if that takes longer than 30 s. Returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException(label + " did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
