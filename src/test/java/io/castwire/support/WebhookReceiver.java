package io.castwire.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The far end of outbound webhooks in context tests: one HTTP server on 127.0.0.1, started with the
 * class, that takes deliveries for every test subscriber at {@code /<subscriber>}. It checks each
 * signature with its own Standard Webhooks code (not castwire's), records what it got, and answers
 * what a test scripted for that subscriber and event key ({@code data.key} of the payload), else 204.
 */
public final class WebhookReceiver {

    /** The test subscribers' secret: a fixed test value, base64 of the 32 bytes "castwire-test-webhook-secret-32b". */
    public static final String SECRET = "whsec_Y2FzdHdpcmUtdGVzdC13ZWJob29rLXNlY3JldC0zMmI=";

    /** One request as received. */
    public record Received(String subscriber, String key, String id, String timestamp, String signature, String body,
                           String contentType, String userAgent, boolean verified, int answered, Instant at) {
    }

    /** A scripted answer. */
    public record Answer(int status, Map<String, String> headers, String body) {

        public static Answer of(int status) {
            return new Answer(status, Map.of(), "");
        }

        public Answer header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, h, body);
        }

        public Answer body(String text) {
            return new Answer(status, headers, text);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final Map<String, Deque<Answer>> SCRIPTS = new ConcurrentHashMap<>();
    private static final HttpServer SERVER;

    static {
        try {
            SERVER = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SERVER.createContext("/", WebhookReceiver::handle);
        SERVER.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        SERVER.start();
    }

    private WebhookReceiver() {
    }

    /** {@code http://127.0.0.1:<port>}; a subscriber's URL is this plus {@code /<name>}. */
    public static String baseUrl() {
        return "http://127.0.0.1:" + SERVER.getAddress().getPort();
    }

    /** The next answers to this subscriber for the event with this key; after them, 204. */
    public static void script(String subscriber, String key, Answer... answers) {
        SCRIPTS.computeIfAbsent(subscriber + " " + key, k -> new ArrayDeque<>()).addAll(List.of(answers));
    }

    public static void script(String subscriber, String key, int... statuses) {
        for (int s : statuses) {
            script(subscriber, key, Answer.of(s));
        }
    }

    /** Everything this subscriber got, in order. */
    public static List<Received> receivedBy(String subscriber) {
        return RECEIVED.stream().filter(r -> r.subscriber().equals(subscriber)).toList();
    }

    /** What this subscriber got for the event with this key, in order. */
    public static List<Received> received(String subscriber, String key) {
        return RECEIVED.stream().filter(r -> r.subscriber().equals(subscriber) && key.equals(r.key())).toList();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String subscriber = exchange.getRequestURI().getPath().substring(1);
        byte[] body = exchange.getRequestBody().readAllBytes();
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        String key = null;
        try {
            JsonNode k = JSON.readTree(body).path("data").path("key");
            key = k.isMissingNode() || k.isNull() ? null : k.asText();
        } catch (IOException notJson) {
            // recorded without a key
        }
        Answer answer;
        Deque<Answer> script = SCRIPTS.get(subscriber + " " + key);
        synchronized (WebhookReceiver.class) {
            answer = script == null || script.isEmpty() ? Answer.of(204) : script.poll();
        }
        RECEIVED.add(new Received(subscriber, key, id, timestamp, signature, new String(body, StandardCharsets.UTF_8),
                exchange.getRequestHeaders().getFirst("content-type"), exchange.getRequestHeaders().getFirst("user-agent"),
                verify(id, timestamp, signature, body), answer.status(), Instant.now()));
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(out);
        }
    }

    /** Standard Webhooks verification, written from the spec: HMAC-SHA256 of id.timestamp.body, any v1 matches, 5 min. */
    static boolean verify(String id, String timestamp, String signatures, byte[] body) {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        try {
            if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
                return false;
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            List<String> candidates = new ArrayList<>(List.of(signatures.split(" ")));
            for (String c : candidates) {
                if (c.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(c.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
