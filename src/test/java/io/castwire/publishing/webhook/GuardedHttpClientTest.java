package io.castwire.publishing.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The guarded client against real sockets on 127.0.0.1. */
class GuardedHttpClientTest {

    private static final byte[] BODY = "{\"type\":\"system.alert\"}".getBytes(StandardCharsets.UTF_8);
    private static final ContentType JSON = ContentType.create("application/json");

    private HttpServer server;
    private HttpServer internal;
    private final List<String> hits = new CopyOnWriteArrayList<>();
    private final List<String> internalHits = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger lookups = new AtomicInteger();
    private GuardedHttpClient client;

    @BeforeEach
    void servers() throws IOException {
        internal = start(exchange -> {
            internalHits.add(exchange.getRequestURI().getPath());
            answer(exchange, 200, "secret internal data");
        });
        server = start(exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.add(path + " " + exchange.getRequestHeaders().getFirst("content-type") + " "
                    + exchange.getRequestHeaders().getFirst("user-agent") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            switch (path) {
                case "/redirect-internal" -> {
                    exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + internal.getAddress().getPort() + "/admin");
                    answer(exchange, 302, "");
                }
                case "/redirect-metadata" -> {
                    exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
                    answer(exchange, 307, "");
                }
                case "/endless" -> {
                    exchange.sendResponseHeaders(200, 0);
                    byte[] chunk = new byte[64 * 1024];
                    try (OutputStream out = exchange.getResponseBody()) {
                        while (true) {
                            out.write(chunk);
                        }
                    } catch (IOException clientWentAway) {
                        // expected: the client stops reading at its limit
                    }
                }
                case "/stall" -> {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    answer(exchange, 200, "late");
                }
                default -> {
                    exchange.getResponseHeaders().add("Retry-After", "7");
                    answer(exchange, 202, "accepted");
                }
            }
        });
    }

    private static HttpServer start(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", handler);
        s.setExecutor(Executors.newCachedThreadPool());
        s.start();
        return s;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        // a new connection per request, so every request makes its own lookup
        exchange.getResponseHeaders().add("Connection", "close");
        exchange.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(b);
        }
    }

    @AfterEach
    void stop() throws IOException {
        release.countDown();
        if (client != null) {
            client.close();
        }
        server.stop(0);
        internal.stop(0);
    }

    private GuardedHttpClient client(List<String> allowNetworks, SsrfGuard.HostResolver resolver, Duration timeout) {
        client = new GuardedHttpClient(new SsrfGuard(List.of(), allowNetworks, host -> {
            lookups.incrementAndGet();
            return resolver.resolve(host);
        }), Duration.ofSeconds(2), timeout, 1024, "castwire-test/1");
        return client;
    }

    private GuardedHttpClient loopbackAllowed() {
        return client(List.of("127.0.0.1/32"), SsrfGuard.SYSTEM, Duration.ofSeconds(5));
    }

    private URI at(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void postsToAnAllowListedAddress() throws IOException {
        GuardedHttpClient.Response r = loopbackAllowed().post(at("/hook"), Map.of("webhook-id", "msg_1"), BODY, JSON);

        assertThat(r.status()).isEqualTo(202);
        assertThat(r.body()).isEqualTo("accepted");
        assertThat(r.retryAfter()).isEqualTo("7");
        assertThat(hits).containsExactly("/hook application/json castwire-test/1 {\"type\":\"system.alert\"}");
    }

    @Test
    void refusesLoopbackThatIsNotAllowListedWithoutConnecting() {
        GuardedHttpClient strict = client(List.of(), SsrfGuard.SYSTEM, Duration.ofSeconds(5));
        assertThatThrownBy(() -> strict.post(at("/hook"), Map.of(), BODY, JSON)).isInstanceOf(SsrfRefusedException.class)
                .hasMessageContaining("loopback");
        assertThat(hits).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "[::1]", "0x7f000001", "2130706433", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]"})
    void refusesLoopbackInEveryDisguise(String host) {
        GuardedHttpClient strict = client(List.of(), SsrfGuard.SYSTEM, Duration.ofSeconds(5));
        URI url = URI.create("http://" + host + ":" + server.getAddress().getPort() + "/hook");
        assertThatThrownBy(() -> strict.post(url, Map.of(), BODY, JSON)).isInstanceOf(SsrfRefusedException.class);
        assertThat(hits).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x7f000001", "2130706433", "0177.0.0.1", "127.1"})
    void refusesOddNumericFormsEvenWhenLoopbackIsAllowListed(String host) {
        GuardedHttpClient guarded = loopbackAllowed();
        URI url = URI.create("http://" + host + ":" + server.getAddress().getPort() + "/hook");
        assertThatThrownBy(() -> guarded.post(url, Map.of(), BODY, JSON)).isInstanceOf(SsrfRefusedException.class)
                .hasMessageContaining("canonical");
        assertThat(hits).isEmpty();
    }

    @Test
    void refusesTheCloudMetadataAddressAtOnce() {
        GuardedHttpClient guarded = loopbackAllowed();
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(() -> guarded.post(
                URI.create("http://169.254.169.254/latest/meta-data/"), Map.of(), BODY, JSON))
                .isInstanceOf(SsrfRefusedException.class).hasMessageContaining("metadata"));
    }

    @Test
    void checksTheAddressTheNameResolvesToWhenConnecting() throws IOException {
        // hooks.test exists only in this resolver: reaching the server proves its answer is what is connected to
        SsrfGuard.HostResolver dns = host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
        URI url = URI.create("http://hooks.test:" + server.getAddress().getPort() + "/by-name");

        GuardedHttpClient strict = client(List.of(), dns, Duration.ofSeconds(5));
        assertThatThrownBy(() -> strict.post(url, Map.of(), BODY, JSON)).isInstanceOf(SsrfRefusedException.class)
                .hasMessageContaining("hooks.test (127.0.0.1)");
        assertThat(hits).isEmpty();
        strict.close();

        assertThat(client(List.of("127.0.0.1/32"), dns, Duration.ofSeconds(5)).post(url, Map.of(), BODY, JSON).status())
                .isEqualTo(202);
        assertThat(hits).hasSize(1);
    }

    @Test
    void aNameThatRebindsToAnInternalAddressIsRefusedOnTheConnectionThatWouldUseIt() throws IOException {
        // first answer: the allowed server; every later answer: an internal address
        AtomicInteger answers = new AtomicInteger();
        SsrfGuard.HostResolver rebinding = host -> new InetAddress[] {InetAddress.getByAddress(host,
                answers.getAndIncrement() == 0 ? new byte[] {127, 0, 0, 1} : new byte[] {10, 0, 0, 7})};
        GuardedHttpClient guarded = client(List.of("127.0.0.1/32"), rebinding, Duration.ofSeconds(5));
        URI url = URI.create("http://rebind.test:" + server.getAddress().getPort() + "/hook");

        assertThat(guarded.post(url, Map.of(), BODY, JSON).status()).isEqualTo(202);
        assertThatThrownBy(() -> guarded.post(url, Map.of(), BODY, JSON)).isInstanceOf(SsrfRefusedException.class)
                .hasMessageContaining("10.0.0.7");
        // one lookup per connection: nothing checks one answer and connects to another
        assertThat(lookups).hasValue(2);
        assertThat(hits).hasSize(1);
    }

    @Test
    void doesNotFollowARedirectToAnInternalAddress() throws IOException {
        GuardedHttpClient guarded = client(List.of("127.0.0.1/32"), SsrfGuard.SYSTEM, Duration.ofSeconds(5));

        GuardedHttpClient.Response r = guarded.post(at("/redirect-internal"), Map.of(), BODY, JSON);
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.location()).endsWith("/admin");
        assertThat(internalHits).isEmpty();

        GuardedHttpClient.Response m = guarded.post(at("/redirect-metadata"), Map.of(), BODY, JSON);
        assertThat(m.status()).isEqualTo(307);
        assertThat(hits).hasSize(2);
    }

    @Test
    void readsNoMoreThanTheLimitOfAnEndlessAnswer() {
        GuardedHttpClient guarded = loopbackAllowed();
        GuardedHttpClient.Response r = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> guarded.post(at("/endless"), Map.of(), BODY, JSON));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).hasSize(1024);
    }

    @Test
    void givesUpWhenTheWholeRequestTakesTooLong() {
        GuardedHttpClient guarded = client(List.of("127.0.0.1/32"), SsrfGuard.SYSTEM, Duration.ofMillis(500));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(
                () -> guarded.post(at("/stall"), Map.of(), BODY, JSON)).isInstanceOf(SocketTimeoutException.class));
    }

    @Test
    void unknownHostsAreAnOrdinaryConnectionFailure() {
        GuardedHttpClient guarded = client(List.of(), host -> {
            throw new UnknownHostException(host);
        }, Duration.ofSeconds(5));
        assertThatThrownBy(() -> guarded.post(URI.create("http://nowhere.test/hook"), Map.of(), BODY, JSON))
                .isInstanceOf(UnknownHostException.class).isNotInstanceOf(SsrfRefusedException.class);
    }
}
