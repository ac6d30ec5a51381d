package io.castwire.support.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP reverse proxy in front of a real server that a test can make misbehave: the next
 * {@link #failNext n} requests get a canned answer (a 503, a 429 with Retry-After...) without
 * reaching the server, every other request is passed through, bodies streamed both ways.
 * <p>
 * Listens on 127.0.0.1 on a free port; {@link #url()} is what the code under test should call.
 * The request's Host becomes the target's, so a virtual-host server (Debian's WordPress picks its
 * configuration by Host) answers as if called directly; its absolute links still name itself.
 */
public final class FaultProxy implements AutoCloseable {

    /** Headers the proxy must not copy: hop-by-hop ones, and those java.net.http sets itself or refuses. */
    private static final Set<String> NOT_COPIED = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding",
            "te", "trailer", "upgrade", "host", "content-length", "expect", "proxy-authorization", "proxy-authenticate",
            "date", "from", "via", "warning");

    private record Fault(int status, Map<String, String> headers, byte[] body) {
    }

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final AtomicInteger calls = new AtomicInteger();

    private FaultProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
    }

    /** Starts a proxy in front of {@code target} (scheme, host and port; e.g. {@code http://127.0.0.1:8089}). */
    public static FaultProxy start(String target) {
        try {
            FaultProxy p = new FaultProxy(URI.create(target.replaceAll("/+$", "")));
            p.server.start();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The proxy's address, {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * The next {@code n} requests get this answer instead of reaching the server.
     *
     * @param headers e.g. {@code Map.of("Retry-After", "7")}
     * @param body    the answer's body (may be empty or null)
     */
    public synchronized void failNext(int n, int status, Map<String, String> headers, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < n; i++) {
            faults.add(new Fault(status, Map.copyOf(headers), bytes));
        }
    }

    /** Requests received since the start or the last {@link #reset()}, failed ones included. */
    public int calls() {
        return calls.get();
    }

    /** Forgets pending failures and the call count. */
    public synchronized void reset() {
        faults.clear();
        calls.set(0);
    }

    private synchronized Fault nextFault() {
        return faults.poll();
    }

    private void handle(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        try {
            Fault fault = nextFault();
            if (fault != null) {
                // read (and drop) an upload first, so the client sees the answer and not a broken pipe
                try (InputStream in = exchange.getRequestBody()) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                fault.headers().forEach(exchange.getResponseHeaders()::add);
                exchange.sendResponseHeaders(fault.status(), fault.body().length == 0 ? -1 : fault.body().length);
                if (fault.body().length > 0) {
                    exchange.getResponseBody().write(fault.body());
                }
                return;
            }
            forward(exchange);
        } catch (IOException | RuntimeException e) {
            // a proxy bug must show up in the test's output, not as a silently dropped connection
            System.err.println("FaultProxy: " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " failed: " + e);
            e.printStackTrace();
            if (exchange.getResponseCode() == -1) {
                exchange.sendResponseHeaders(502, -1);
            }
        } finally {
            exchange.close();
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        URI incoming = exchange.getRequestURI();
        URI uri = URI.create(target + incoming.getRawPath() + (incoming.getRawQuery() == null ? "" : "?" + incoming.getRawQuery()));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_COPIED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        String requestLength = exchange.getRequestHeaders().getFirst("Content-Length");
        HttpRequest.BodyPublisher body;
        if (requestLength != null && Long.parseLong(requestLength) > 0) {
            // keep the length: PHP behind Apache reads php://input of a chunked upload unreliably
            body = HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(exchange::getRequestBody), Long.parseLong(requestLength));
        } else if (exchange.getRequestHeaders().containsKey("Transfer-Encoding")) {
            body = HttpRequest.BodyPublishers.ofInputStream(exchange::getRequestBody);
        } else {
            body = HttpRequest.BodyPublishers.noBody();
        }
        b.method(exchange.getRequestMethod(), body);
        HttpResponse<InputStream> response;
        try {
            response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
            return;
        } catch (IOException e) {
            // the server is down: answer as a gateway would
            exchange.sendResponseHeaders(502, -1);
            return;
        }
        response.headers().map().forEach((name, values) -> {
            if (!NOT_COPIED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        // HttpServer: -1 means no body, 0 means chunked (length unknown)
        long length = response.headers().firstValueAsLong("Content-Length").orElse(0);
        boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || response.statusCode() == 204
                || response.statusCode() == 304 || length == 0 && response.headers().firstValue("Content-Length").isPresent();
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : length);
        try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
            in.transferTo(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
