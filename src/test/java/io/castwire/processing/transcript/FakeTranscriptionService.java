package io.castwire.processing.transcript;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible transcription endpoint on 127.0.0.1, following the documented contract of
 * {@code POST /v1/audio/transcriptions}: Bearer authentication, a multipart/form-data body with a
 * {@code file} part (with a file name) and a {@code model} field, {@code timestamp_granularities[]}
 * only together with {@code response_format=verbose_json}, and OpenAI's error body
 * {@code {"error":{"message","type","param","code"}}}. Answers are scripted per request; the default
 * is a verbose_json transcript.
 */
final class FakeTranscriptionService implements AutoCloseable {

    static final String PATH = "/v1/audio/transcriptions";

    /** One request as the service understood it. */
    record Received(String authorization, String fileName, String fileType, byte[] file, Map<String, String> fields) {
        String fileSha256() {
            return sha256(file);
        }
    }

    /** A scripted answer; {@code stall} holds it back until {@link #release()} or {@code waitFor} opens. */
    record Reply(int status, Map<String, String> headers, String body, CountDownLatch waitFor) {
        static Reply of(int status, String body) {
            return new Reply(status, Map.of(), body, null);
        }

        Reply withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body, waitFor);
        }

        /** This answer, sent only once {@code latch} opens. */
        Reply after(CountDownLatch latch) {
            return new Reply(status, headers, body, latch);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String apiKey;
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Runnable onRequest = () -> { };

    /** @param apiKey the key callers must send, or {@code null} for a service without authentication (whisper.cpp) */
    FakeTranscriptionService(String apiKey) throws IOException {
        this.apiKey = apiKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, this::handle);
        // OpenAI's answer to an unknown path; the body is read first so the client never sees a reset
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
                send(exchange, Reply.of(404, error("Invalid URL (" + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getPath() + ")", "invalid_request_error", null, null)));
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL to configure as castwire.transcription.url. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String hostAndPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues answers for the next requests, in order; after them the default transcript is sent. */
    FakeTranscriptionService answer(Reply... replies) {
        script.addAll(Arrays.asList(replies));
        return this;
    }

    /** An answer held back until {@link #release()}: a service that stalls. */
    FakeTranscriptionService stall() {
        return answer(Reply.of(200, verboseJson()).after(released));
    }

    /** Runs in the request thread before the answer is chosen. */
    void onRequest(Runnable r) {
        this.onRequest = r;
    }

    void release() {
        released.countDown();
    }

    int requests() {
        return requests.get();
    }

    List<Received> received() {
        return received;
    }

    /** Requests refused for breaking the API contract, with the reason. */
    List<String> rejections() {
        return rejections;
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, new Reply(405, Map.of(), error("Method not allowed", "invalid_request_error", null, null), null));
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (apiKey != null && (auth == null || !auth.equals("Bearer " + apiKey))) {
                // OpenAI names the key it got, masked; this fake echoes it whole to prove the hub never passes it on
                String got = auth == null ? "" : auth.replaceFirst("^Bearer ", "");
                send(exchange, new Reply(401, Map.of(), error(auth == null
                        ? "You didn't provide an API key."
                        : "Incorrect API key provided: " + got + ".", "invalid_request_error", null, "invalid_api_key"), null));
                return;
            }
            Received r;
            try {
                r = parse(auth, exchange.getRequestHeaders().getFirst("Content-Type"), body);
            } catch (IllegalArgumentException e) {
                rejections.add(e.getMessage());
                send(exchange, new Reply(400, Map.of(), error(e.getMessage(), "invalid_request_error", null, null), null));
                return;
            }
            received.add(r);
            onRequest.run();
            Reply reply = script.pollFirst();
            send(exchange, reply == null ? Reply.of(200, verboseJson()) : reply);
        }
    }

    private Received parse(String auth, String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new IllegalArgumentException("Content-Type must be multipart/form-data, was " + contentType);
        }
        Matcher m = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
        if (!m.find()) {
            throw new IllegalArgumentException("multipart/form-data without a boundary");
        }
        Map<String, Part> parts = Multipart.parse(body, m.group(1));
        Part file = parts.get("file");
        if (file == null || file.fileName() == null || file.fileName().isEmpty()) {
            throw new IllegalArgumentException("'file' is a required property (a file part with a filename)");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        parts.forEach((name, p) -> {
            if (!name.equals("file")) {
                fields.put(name, new String(p.content(), StandardCharsets.UTF_8));
            }
        });
        if (fields.getOrDefault("model", "").isEmpty()) {
            throw new IllegalArgumentException("'model' is a required property");
        }
        String format = fields.getOrDefault("response_format", "json");
        if (fields.containsKey("timestamp_granularities[]") && !format.equals("verbose_json")) {
            throw new IllegalArgumentException("timestamp_granularities requires response_format=verbose_json");
        }
        if (!format.equals("verbose_json")) {
            throw new IllegalArgumentException("this fake only answers response_format=verbose_json, got " + format);
        }
        return new Received(auth, file.fileName(), file.contentType(), file.content(), fields);
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.waitFor() != null) {
            try {
                reply.waitFor().await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static String error(String message, String type, String param, String code) {
        return "{\"error\":{\"message\":" + quote(message) + ",\"type\":" + quote(type) + ",\"param\":" + quote(param)
                + ",\"code\":" + quote(code) + "}}";
    }

    /** OpenAI's verbose_json for two segments: " Hello" 0-2.5 s and " and welcome to the show." 2.5-5.2 s. */
    static String verboseJson() {
        return """
                {"task":"transcribe","language":"english","duration":5.2,"text":"Hello and welcome to the show.",
                 "segments":[
                  {"id":0,"seek":0,"start":0.0,"end":2.5,"text":" Hello","tokens":[50364,2425,50489],
                   "temperature":0.0,"avg_logprob":-0.2,"compression_ratio":1.2,"no_speech_prob":0.01},
                  {"id":1,"seek":0,"start":2.5,"end":5.2,"text":" and welcome to the show.","tokens":[50489,293,2928,281,264,855,13,50624],
                   "temperature":0.0,"avg_logprob":-0.25,"compression_ratio":1.2,"no_speech_prob":0.02}]}
                """;
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    record Part(String fileName, String contentType, byte[] content) {
    }

    /** A strict RFC 7578 reader: CRLF line ends, every part with a Content-Disposition, the closing delimiter present. */
    static final class Multipart {

        private Multipart() {
        }

        static Map<String, Part> parse(byte[] body, String boundary) {
            byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
            byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
            if (indexOf(body, delimiter, 0) != 0) {
                throw new IllegalArgumentException("the body does not start with the boundary");
            }
            Map<String, Part> parts = new LinkedHashMap<>();
            int pos = delimiter.length;
            while (true) {
                if (startsWith(body, pos, "--\r\n")) {
                    if (pos + 4 != body.length) {
                        throw new IllegalArgumentException("bytes after the closing boundary");
                    }
                    return parts;
                }
                if (!startsWith(body, pos, "\r\n")) {
                    throw new IllegalArgumentException("no CRLF after a boundary at byte " + pos);
                }
                pos += 2;
                int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), pos);
                if (headersEnd < 0) {
                    throw new IllegalArgumentException("a part without a blank line after its headers");
                }
                String name = null;
                String fileName = null;
                String type = null;
                for (String line : new String(body, pos, headersEnd - pos, StandardCharsets.UTF_8).split("\r\n")) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-disposition: form-data")) {
                        name = param(line, "name");
                        fileName = param(line, "filename");
                    } else if (lower.startsWith("content-type:")) {
                        type = line.substring("content-type:".length()).strip();
                    }
                }
                if (name == null) {
                    throw new IllegalArgumentException("a part without Content-Disposition: form-data; name=");
                }
                int contentStart = headersEnd + 4;
                int end = indexOf(body, next, contentStart);
                if (end < 0) {
                    throw new IllegalArgumentException("part " + name + " is not closed by a boundary");
                }
                parts.put(name, new Part(fileName, type, Arrays.copyOfRange(body, contentStart, end)));
                pos = end + next.length;
            }
        }

        private static String param(String header, String name) {
            Matcher m = Pattern.compile(";\\s*" + name + "=\"([^\"]*)\"").matcher(header);
            return m.find() ? m.group(1) : null;
        }

        private static boolean startsWith(byte[] b, int at, String s) {
            byte[] p = s.getBytes(StandardCharsets.US_ASCII);
            return at + p.length <= b.length && Arrays.equals(b, at, at + p.length, p, 0, p.length);
        }

        private static int indexOf(byte[] hay, byte[] needle, int from) {
            outer:
            for (int i = from; i <= hay.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
