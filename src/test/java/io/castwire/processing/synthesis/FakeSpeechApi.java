package io.castwire.processing.synthesis;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A text-to-speech API on 127.0.0.1 that answers every POST from a script (one reply per request,
 * then the default), and records what it received. The tests give it each provider's documented
 * answers: audio bytes with 200, JSON errors with 401, 429, 5xx, a stalled answer for timeouts.
 */
final class FakeSpeechApi implements AutoCloseable {

    /** One request as received. */
    record Received(String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** A scripted answer; {@code delayMs} holds it back (longer than the client's timeout: a timeout). */
    record Reply(int status, String contentType, byte[] body, long delayMs) {
        static Reply audio(String contentType, byte[] body) {
            return new Reply(200, contentType, body, 0);
        }

        static Reply error(int status, String message) {
            return new Reply(status, "application/json",
                    ("{\"error\":{\"message\":\"" + message + "\"}}").getBytes(StandardCharsets.UTF_8), 0);
        }

        Reply delayed(long ms) {
            return new Reply(status, contentType, body, ms);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Reply fallback;

    FakeSpeechApi(Reply fallback) throws IOException {
        this.fallback = fallback;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-tts");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues replies for the next requests, in order. */
    FakeSpeechApi then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    void answerAlways(Reply reply) {
        this.fallback = reply;
    }

    List<Received> received() {
        return received;
    }

    int requests() {
        return received.size();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            byte[] body = x.getRequestBody().readAllBytes();
            received.add(new Received(x.getRequestURI().getPath(), x.getRequestURI().getRawQuery(),
                    Map.copyOf(x.getRequestHeaders()), new String(body, StandardCharsets.UTF_8)));
            Reply r = script.pollFirst();
            if (r == null) {
                r = fallback;
            }
            if (r.delayMs() > 0) {
                try {
                    Thread.sleep(r.delayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            x.getResponseHeaders().set("Content-Type", r.contentType());
            x.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(r.body());
            } catch (IOException clientGone) {
                // the client timed out and hung up: expected in the timeout tests
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
