package io.castwire.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * castwire as a user runs it: {@code java -jar target/castwire.jar} in its own process, so a test
 * can kill it with SIGKILL and start it again on the same home.
 */
public final class HubProcess implements AutoCloseable {

    private final Path home;
    private final Map<String, String> env;
    private final List<String> args;
    private final int port;
    private final Path log;
    private final List<String> jvmArgs = new ArrayList<>();
    private Process process;
    private int starts;

    public HubProcess(Path home, Map<String, String> env, List<String> args) throws IOException {
        this(home, env, args, home.getParent().getFileName() + "-" + home.getFileName());
    }

    /** A hub whose log is {@code target/it-logs/<name>.log} (for replicas that share one home). */
    public HubProcess(Path home, Map<String, String> env, List<String> args, String name) throws IOException {
        this.home = home;
        this.env = env;
        this.args = args;
        this.port = freePort();
        // outside the test's temp dir, so a failed run can be read afterwards
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        this.log = logs.resolve(name + ".log");
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** JVM options for the next start, after the default ones (a later {@code -Xmx} wins). */
    public HubProcess jvm(String... options) {
        jvmArgs.addAll(List.of(options));
        return this;
    }

    /** Starts the hub and waits until it is ready. */
    public HubProcess start() throws IOException {
        // generous: on a loaded machine the jar has been seen to need 100 s to start
        return start(Duration.ofSeconds(180));
    }

    /** Starts the hub and waits up to {@code timeout} until it is ready (several hubs starting at once take longer). */
    public HubProcess start(Duration timeout) throws IOException {
        launch();
        try {
            // a busy machine may accept the connection before the server answers on it
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("castwire exited with " + process.exitValue() + ":\n" + log());
                }
                return status("/actuator/health", null) == 200;
            });
        } catch (RuntimeException e) {
            // a hub that never got ready is not left running (try-with-resources never sees it)
            process.destroyForcibly();
            throw e;
        }
        return this;
    }

    /**
     * Starts the hub expecting it to stop by itself (a start-up that must fail) and returns its exit
     * code; a hub still running after {@code timeout} is killed and the test fails.
     */
    public int runToExit(Duration timeout) throws IOException, InterruptedException {
        launch();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("castwire still ran after " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    private void launch() throws IOException {
        String jar = System.getProperty("castwire.jar", "target/castwire.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar, "--server.port=" + port, "--castwire.home=" + home));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("CASTWIRE_"));
        pb.environment().putAll(env);
        Files.writeString(log, "\n==== start " + (++starts) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        process = pb.start();
    }

    /** SIGKILL: no shutdown hooks, no graceful stop. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    public int port() {
        return port;
    }

    public int status(String path, String password) throws IOException, InterruptedException {
        return send(path, password).statusCode();
    }

    public String get(String path, String password) throws IOException, InterruptedException {
        HttpResponse<String> r = send(path, password);
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private HttpResponse<String> send(String path, String password) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (password != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            return new HttpResponse<>() {
                public int statusCode() { return -1; }
                public HttpRequest request() { return null; }
                public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
                public java.net.http.HttpHeaders headers() { return null; }
                public String body() { return ""; }
                public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
                public URI uri() { return null; }
                public HttpClient.Version version() { return null; }
            };
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
