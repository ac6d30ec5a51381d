package io.castwire.support.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * An HTTP fake of a public API on 127.0.0.1 (a random port), started without Spring so that unit
 * tests and Spring tests can share it. It records every request, checks the credential the API
 * expects and answers a wrong one in the API's own error shape, can be told to answer the next
 * requests with a given failure, and leaves the API's behaviour to the subclass.
 * <p>
 * From a Spring test, point the destination at a shared fake and give it the fake's token through
 * a property (castwire's {@code Secrets} reads the named variable from the Spring environment):
 * <pre>{@code
 * @DynamicPropertySource
 * static void x(DynamicPropertyRegistry r) {
 *     r.add("castwire.publish.x.enabled", () -> "true");
 *     r.add("castwire.publish.x.base-url", () -> FakeX.startShared().baseUrl());
 *     r.add("castwire.publish.x.token-env", () -> "TEST_X_TOKEN");
 *     r.add("TEST_X_TOKEN", () -> FakeX.TOKEN);
 * }
 * }</pre>
 */
public abstract class ApiFake implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. */
    public record Request(Instant at, String method, String path, String rawQuery, Map<String, List<String>> headers,
                          byte[] body) {

        /** A header's first value (names are case-insensitive), or null. */
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        /** The body as UTF-8 text. */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON (fails the test when it is not). */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("the request body is not JSON: " + bodyText(), e);
            }
        }

        /** Query parameters, decoded; the last value wins. */
        public Map<String, String> query() {
            return Forms.urlencoded(rawQuery);
        }
    }

    /** An answer to send. */
    protected record Answer(int status, Map<String, String> headers, byte[] body) {
        static Answer json(int status, Object body) {
            try {
                return new Answer(status, Map.of("Content-Type", "application/json; charset=utf-8"),
                        body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Answer empty(int status) {
            return new Answer(status, Map.of(), new byte[0]);
        }

        Answer with(String header, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(header, value);
            return new Answer(status, h, body);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Answer> failures = new ArrayDeque<>();
    private final AtomicReference<String> token;
    private volatile Clock clock = Clock.systemUTC();

    protected ApiFake(String token) {
        this.token = new AtomicReference<>(token);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, getClass().getSimpleName());
            t.setDaemon(true);
            return t;
        });
        this.server = startDaemon(this::handle, executor);
    }

    /** http://127.0.0.1:port, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code n} requests get this answer instead of the API's (after being recorded). */
    public void failNext(int n, int status, Map<String, String> headers, String body) {
        Answer a = new Answer(status, headers, body.getBytes(StandardCharsets.UTF_8));
        queue(n, a);
    }

    protected void queue(int n, Answer answer) {
        synchronized (failures) {
            for (int i = 0; i < n; i++) {
                failures.add(answer);
            }
        }
    }

    /** Requests received since start or {@link #reset()}. */
    public int calls() {
        return requests.size();
    }

    /** Every request received since start or {@link #reset()}, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests with this method whose path matches the regular expression. */
    public List<Request> requests(String method, String pathRegex) {
        Predicate<Request> p = r -> r.method().equals(method) && r.path().matches(pathRegex);
        return requests.stream().filter(p).toList();
    }

    /** The last request with this method and path pattern; fails when there is none. */
    public Request last(String method, String pathRegex) {
        List<Request> found = requests(method, pathRegex);
        if (found.isEmpty()) {
            throw new AssertionError("no " + method + " " + pathRegex + " received; got " + requests.stream()
                    .map(r -> r.method() + " " + r.path()).toList());
        }
        return found.get(found.size() - 1);
    }

    /** Forgets every request, stored item and queued failure; the token expected stays. */
    public void reset() {
        synchronized (failures) {
            failures.clear();
        }
        requests.clear();
        forget();
    }

    /** The credential callers must present. */
    public void expectToken(String expected) {
        token.set(expected);
    }

    /** The credential callers must present now. */
    public String expectedToken() {
        return token.get();
    }

    /** The clock for timestamps and rate-limit resets; share a fixed one with the code under test. */
    public void clock(Clock c) {
        this.clock = c;
    }

    protected Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Drops the API's stored state (posts, media). */
    protected abstract void forget();

    /** The API's answer to an authenticated request. */
    protected abstract Answer answer(Request request) throws Exception;

    /** The API's answer to a missing or wrong credential. */
    protected abstract Answer unauthorized(Request request);

    /** The credential the request presents; a Bearer token unless the API takes others. */
    protected String presentedToken(Request request) {
        String auth = request.header("Authorization");
        return auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            Request request = new Request(clock.instant(), exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), in.readAllBytes());
            requests.add(request);
            Answer answer;
            synchronized (failures) {
                answer = failures.poll();
            }
            if (answer == null) {
                answer = token.get().equals(presentedToken(request)) ? safely(request) : unauthorized(request);
            }
            send(exchange, answer);
        }
    }

    private Answer safely(Request request) {
        try {
            return answer(request);
        } catch (Exception e) {
            return Answer.json(500, Map.of("fake", getClass().getSimpleName(), "error", String.valueOf(e)));
        }
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        boolean noBody = answer.body().length == 0;
        exchange.sendResponseHeaders(answer.status(), noBody ? -1 : answer.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    /**
     * Starts the server from a daemon thread: the JDK server's dispatcher thread inherits the
     * daemon flag, so a shared fake never keeps a test JVM alive.
     */
    private static HttpServer startDaemon(com.sun.net.httpserver.HttpHandler handler, ExecutorService executor) {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                s.createContext("/", handler::handle);
                s.setExecutor(executor);
                s.start();
                result.set(s);
            } catch (IOException e) {
                result.set(e);
            }
        });
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (result.get() instanceof IOException e) {
            throw new UncheckedIOException(e);
        }
        return (HttpServer) result.get();
    }

    /** Decodes one path segment. */
    protected static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }
}
