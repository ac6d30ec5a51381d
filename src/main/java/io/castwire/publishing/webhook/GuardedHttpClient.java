package io.castwire.publishing.webhook;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * The one HTTP client outbound webhooks use (Apache HttpClient 5, classic). Every connection goes
 * through {@link SsrfGuard#resolve}: it is the client's DNS resolver, so the addresses checked are
 * the addresses connected to. Redirects are never followed (a 3xx comes back as an answer), no
 * proxy is used (a proxy would resolve the name itself), responses are not decompressed, at most
 * {@code maxResponseBytes} of a body are read, and the whole request has a deadline.
 */
public class GuardedHttpClient implements Closeable {

    /** An answer: the status, the headers the caller acts on, and the start of the body. */
    public record Response(int status, String retryAfter, String location, String body) {

        public boolean is2xx() {
            return status >= 200 && status < 300;
        }
    }

    private final SsrfGuard guard;
    private final Duration requestTimeout;
    private final int maxResponseBytes;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines;

    public GuardedHttpClient(SsrfGuard guard, Duration connectTimeout, Duration requestTimeout, int maxResponseBytes,
                             String userAgent) {
        this.guard = guard;
        this.requestTimeout = requestTimeout;
        this.maxResponseBytes = maxResponseBytes;
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDnsResolver(guard))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(requestTimeout))
                        .build())
                .setMaxConnTotal(64)
                .setMaxConnPerRoute(8)
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                // no proxy, not even from system properties: a proxy would resolve names past the guard
                .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
                .disableRedirectHandling()
                // retries belong to the route and the outbox, which count them
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                // a compressed answer could expand far beyond the body limit
                .disableContentCompression()
                .setUserAgent(userAgent)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(requestTimeout))
                        .setConnectionRequestTimeout(Timeout.of(requestTimeout))
                        .build())
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-deadlines");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * POSTs a body. Returns every answer, 3xx and errors included; throws only when there was none.
     *
     * @throws SsrfRefusedException when the guard refuses the URL or an address the host resolves to
     * @throws SocketTimeoutException when the deadline passed
     * @throws IOException when the connection failed
     */
    public Response post(URI url, Map<String, String> headers, byte[] body, ContentType contentType) throws IOException {
        SsrfGuard.checkUrl(url.toString());
        HttpPost post = new HttpPost(url);
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, contentType));
        // socket timeouts bound each read; this bounds the whole exchange (a slow drip of bytes included)
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            timedOut.set(true);
            post.cancel();
        }, requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            ClassicHttpResponse response = client.executeOpen(null, post, null);
            try {
                BodyStart start = read(response.getEntity());
                if (start.truncated()) {
                    // do not drain the rest: drop the connection instead
                    post.cancel();
                }
                return new Response(response.getCode(), value(response.getFirstHeader("Retry-After")),
                        value(response.getFirstHeader("Location")), start.text());
            } finally {
                if (post.isCancelled() && response instanceof CloseableHttpResponse closeable) {
                    closeable.close(CloseMode.IMMEDIATE);
                } else {
                    response.close();
                }
            }
        } catch (IOException e) {
            SsrfRefusedException refused = refusal(e);
            if (refused != null) {
                throw refused;
            }
            if (timedOut.get()) {
                SocketTimeoutException timeout = new SocketTimeoutException("no complete answer within " + requestTimeout);
                timeout.initCause(e);
                throw timeout;
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    private record BodyStart(String text, boolean truncated) {
    }

    private BodyStart read(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new BodyStart("", false);
        }
        InputStream in = entity.getContent();
        byte[] buffer = in.readNBytes(maxResponseBytes);
        boolean truncated = buffer.length == maxResponseBytes && in.read() != -1;
        return new BodyStart(new String(buffer, StandardCharsets.UTF_8), truncated);
    }

    private static SsrfRefusedException refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SsrfRefusedException r) {
                return r;
            }
        }
        return null;
    }

    private static String value(Header h) {
        return h == null ? null : h.getValue();
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        client.close(CloseMode.IMMEDIATE);
    }

    /** HttpClient's DNS hook: every lookup for a connection goes through the guard. */
    private static final class GuardedDnsResolver implements DnsResolver {

        private final SsrfGuard guard;

        GuardedDnsResolver(SsrfGuard guard) {
            this.guard = guard;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return guard.resolve(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            // only used for Kerberos/SPNEGO, which webhooks never do: no extra lookup
            return host;
        }
    }
}
