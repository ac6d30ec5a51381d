package io.castwire.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real WordPress of {@code scripts/wordpress-test-server.sh} (Debian's 6.1 on
 * http://127.0.0.1:8089), set up once per JVM. The script is idempotent and quick when the server
 * is already there; its first run on a machine installs packages and takes ~25 s.
 * <p>
 * Where it cannot run (not root, no apt, no network to Debian's mirror) tests are skipped, unless
 * the environment variable {@code CI} is set: CI must run them, so there it is a failure.
 */
public final class WordpressServer {

    /** The site and an Application Password of its administrator. {@code toString} leaves the password out. */
    public record Credentials(String url, String user, String appPassword) {
        @Override
        public String toString() {
            return "Credentials[url=" + url + ", user=" + user + "]";
        }
    }

    private static final Path SCRIPT = Path.of("scripts", "wordpress-test-server.sh").toAbsolutePath();
    private static final Path LOG = Path.of("target", "wordpress-test-server.log").toAbsolutePath();
    private static final long SETUP_MINUTES = 10;

    private static Credentials credentials;
    private static String unavailable;

    private WordpressServer() {
    }

    /**
     * The server's credentials if it can run here (set up on the first call in this JVM), else
     * empty; for wiring the shared context, which must start either way.
     */
    public static synchronized java.util.Optional<Credentials> ifAvailable() {
        setUpOnce();
        return java.util.Optional.ofNullable(credentials);
    }

    /** The server's credentials, setting it up on the first call in this JVM. */
    public static synchronized Credentials get() {
        setUpOnce();
        if (unavailable != null) {
            String why = "no real WordPress for this test: " + unavailable;
            if (System.getenv("CI") != null) {
                Assertions.fail(why + " (CI is set: these tests must run here)");
            }
            Assumptions.abort(why);
        }
        return credentials;
    }

    private static void setUpOnce() {
        if (credentials == null && unavailable == null) {
            try {
                credentials = setUp();
            } catch (IOException | RuntimeException e) {
                unavailable = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable = "interrupted while setting up WordPress";
            }
        }
    }

    private static Credentials setUp() throws IOException, InterruptedException {
        if (!Files.isRegularFile(SCRIPT)) {
            throw new IOException(SCRIPT + " is missing");
        }
        Files.createDirectories(LOG.getParent());
        // stdout repeats the credentials: it goes nowhere, they are read from the file
        Process p = new ProcessBuilder(List.of("bash", SCRIPT.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(LOG.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(SETUP_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(SCRIPT.getFileName() + " did not finish within " + SETUP_MINUTES + " minutes; see " + LOG);
        }
        if (p.exitValue() != 0) {
            throw new IOException(SCRIPT.getFileName() + " exited with " + p.exitValue() + ": " + tail());
        }
        String state = System.getenv().getOrDefault("CASTWIRE_WP_STATE", "/var/tmp/castwire-wordpress");
        JsonNode c = new ObjectMapper().readTree(Path.of(state, "credentials.json").toFile());
        return new Credentials(c.path("url").asText(), c.path("user").asText(), c.path("appPassword").asText());
    }

    private static String tail() throws IOException {
        List<String> lines = Files.readAllLines(LOG, StandardCharsets.UTF_8);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }
}
