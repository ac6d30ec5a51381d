package io.castwire.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP server for feed import tests: serves scripted answers per path (a feed document, a
 * media file, an error status, a huge declared length), counts every request per path, and
 * answers 404 for anything not scripted. One shared instance on 127.0.0.1; others on any loopback
 * address (127.0.0.2 is loopback but not in the tests' download allow-list).
 */
public final class FeedServer {

    /** A scripted answer; {@code file} is streamed when set, else {@code body}. */
    public record Answer(int status, String contentType, Map<String, String> headers, byte[] body, Path file,
                         long declaredLength) {

        public static Answer xml(String xml) {
            return new Answer(200, "application/rss+xml; charset=utf-8", Map.of(), xml.getBytes(StandardCharsets.UTF_8),
                    null, -1);
        }

        public static Answer media(Path file) {
            return new Answer(200, "audio/mpeg", Map.of(), null, file, -1);
        }

        public static Answer status(int status) {
            return new Answer(status, "text/plain", Map.of(), ("status " + status).getBytes(StandardCharsets.UTF_8), null, -1);
        }

        /** A 200 that declares a length and then sends nothing. */
        public static Answer declaring(long length) {
            return new Answer(200, "audio/mpeg", Map.of(), null, null, length);
        }

        public Answer withHeaders(Map<String, String> extra) {
            return new Answer(status, contentType, extra, body, file, declaredLength);
        }
    }

    private static FeedServer shared;

    private final HttpServer server;
    private final String host;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    private FeedServer(String host) throws IOException {
        this.host = host;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "feed-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The shared server on 127.0.0.1. */
    public static synchronized FeedServer shared() {
        if (shared == null) {
            shared = start("127.0.0.1");
        }
        return shared;
    }

    public static FeedServer start(String host) {
        try {
            return new FeedServer(host);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://" + host + ":" + server.getAddress().getPort() + path;
    }

    public void serve(String path, Answer answer) {
        answers.put(path, answer);
    }

    public int requests(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    public int totalRequests() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            try (InputStream in = ex.getRequestBody()) {
                in.readAllBytes();
            }
            Answer a = answers.getOrDefault(path, Answer.status(404));
            ex.getResponseHeaders().set("Content-Type", a.contentType());
            a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            if (a.declaredLength() >= 0) {
                ex.sendResponseHeaders(a.status(), a.declaredLength());
                return;
            }
            if (a.file() != null) {
                ex.sendResponseHeaders(a.status(), Files.size(a.file()));
                try (OutputStream out = ex.getResponseBody()) {
                    Files.copy(a.file(), out);
                }
                return;
            }
            ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(a.body());
            }
        } catch (IOException e) {
            // the client went away (a refused size): nothing to answer
        }
    }
}
