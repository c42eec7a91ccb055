package dev.eventstream.connect.reliability;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One Connect worker in its own JVM ({@code ConnectDistributed}, as production runs it), so that
 * {@link #kill()} is a real SIGKILL: no shutdown hook, no final offset commit, no graceful leave of the
 * group. Its stdout and stderr (every log line) go to {@link #logFile()}.
 */
final class WorkerProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int restPort;
    private final Path logFile;
    private final Process process;

    private WorkerProcess(String name, int restPort, Path logFile, Process process) {
        this.name = name;
        this.restPort = restPort;
        this.logFile = logFile;
        this.process = process;
    }

    /** Starts {@code ConnectDistributed} with these worker properties; returns before it is ready. */
    static WorkerProcess start(String name, int restPort, Map<String, String> workerProperties, Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path config = workDir.resolve(name + ".properties");
            Properties props = new Properties();
            props.putAll(workerProperties);
            props.put("listeners", "HTTP://127.0.0.1:" + restPort);
            props.put("rest.advertised.host.name", "127.0.0.1");
            props.put("rest.advertised.port", Integer.toString(restPort));
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "worker " + name);
            }
            Path log = workDir.resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + WorkerClasspath.log4jConfig(),
                "-cp", WorkerClasspath.get(),
                "org.apache.kafka.connect.cli.ConnectDistributed",
                config.toString()));
            Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
            return new WorkerProcess(name, restPort, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start worker " + name, e);
        }
    }

    String name() {
        return name;
    }

    /** The worker id Connect reports in connector status ({@code host:port}). */
    String workerId() {
        return "127.0.0.1:" + restPort;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + restPort + "/");
    }

    Path logFile() {
        return logFile;
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the REST API answers (the worker joined the group and read the config topic). */
    void awaitReady(Duration timeout) {
        Awaitility.await(name + " REST API ready").atMost(timeout).pollInterval(Duration.ofMillis(250))
            .until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + logFile);
                }
                try {
                    HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(url().resolve("connectors"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                    return response.statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
    }

    /** SIGKILL, then waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, not waiting: Connect's shutdown hook stops the worker. */
    void terminate() {
        process.destroy();
    }

    /** SIGTERM (Connect's shutdown hook stops the worker cleanly), SIGKILL after the grace period. */
    void stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Every line the worker wrote so far. */
    List<String> logLines() {
        try {
            return Files.readAllLines(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " (pid " + process.pid() + ") did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for " + name, e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", " + workerId() + ")";
    }

    /** The worker JVM's classpath: Kafka and its dependencies from the test classpath, none of the suite's classes. */
    static final class WorkerClasspath {
        private static volatile String classpath;

        private WorkerClasspath() {
        }

        static String get() {
            if (classpath == null) {
                String testClasspath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
                Path reactorRoot = Path.of(System.getProperty("reliability.reactor.root", ".")).toAbsolutePath().normalize();
                List<String> kept = new ArrayList<>();
                for (String entry : testClasspath.split(File.pathSeparator)) {
                    Path path = Path.of(entry).toAbsolutePath().normalize();
                    boolean suiteOwn = path.startsWith(reactorRoot) || entry.contains("/dev/eventstream/");
                    if (!entry.isBlank() && !suiteOwn) {
                        kept.add(entry);
                    }
                }
                classpath = String.join(File.pathSeparator, kept);
            }
            return classpath;
        }

        static String log4jConfig() {
            try {
                return Path.of(WorkerProcess.class.getResource("/worker-log4j2.xml").toURI()).toString();
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
