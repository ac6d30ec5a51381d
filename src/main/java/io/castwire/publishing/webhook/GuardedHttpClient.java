package io.castwire.publishing.webhook;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
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
        return exchange(post, response -> {
            BodyStart start = read(response.getEntity());
            if (start.truncated()) {
                // do not drain the rest: drop the connection instead
                post.cancel();
            }
            return new Response(response.getCode(), value(response.getFirstHeader("Retry-After")),
                    value(response.getFirstHeader("Location")), start.text());
        });
    }

    /** A finished download: the final URL (after redirects), its bytes and the declared content type. */
    public record Download(URI url, long bytes, String contentType) {
    }

    /**
     * GETs a URL into a file, streamed, following at most {@code maxRedirects} redirects: every
     * hop is checked by the guard again. The file is written only with a 2xx answer and is
     * deleted again when the download fails, is cut off or exceeds {@code maxBytes}.
     *
     * @throws SsrfRefusedException when the guard refuses the URL or a redirect target
     * @throws DownloadException for an answer that is not a usable download (a 4xx or 5xx, a
     *         redirect too many, a body over the limit); {@link DownloadException#permanent()}
     *         says whether asking again could help
     * @throws IOException when the connection failed or the deadline passed
     */
    public Download download(URI url, Path target, long maxBytes, int maxRedirects) throws IOException {
        URI current = url;
        for (int redirects = 0; ; redirects++) {
            SsrfGuard.checkUrl(current.toString());
            URI at = current;
            HttpGet get = new HttpGet(at);
            get.setHeader("Accept-Encoding", "identity");
            Hop hop = exchange(get, response -> {
                int status = response.getCode();
                if (status >= 300 && status < 400 && response.getFirstHeader("Location") != null) {
                    return new Hop(at.resolve(response.getFirstHeader("Location").getValue().strip()), null);
                }
                if (status < 200 || status >= 300) {
                    throw new DownloadException("the server answered " + status + " for " + redact(at),
                            status < 500 && status != 408 && status != 429);
                }
                HttpEntity entity = response.getEntity();
                if (entity != null && entity.getContentLength() > maxBytes) {
                    throw new DownloadException("the file is " + entity.getContentLength() + " bytes, over the limit of "
                            + maxBytes, true);
                }
                copy(entity, target, maxBytes);
                return new Hop(null, entity == null ? null : entity.getContentType());
            });
            if (hop.redirect() == null) {
                return new Download(current, Files.size(target), hop.contentType());
            }
            if (redirects >= maxRedirects) {
                throw new DownloadException("more than " + maxRedirects + " redirects from " + redact(url), true);
            }
            current = hop.redirect();
        }
    }

    /** Why a download could not be used, and whether trying again later could help. */
    public static class DownloadException extends IOException {

        private final boolean permanent;

        public DownloadException(String message, boolean permanent) {
            super(message);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }

    private record Hop(URI redirect, String contentType) {
    }

    @FunctionalInterface
    private interface ResponseHandler<T> {
        T handle(ClassicHttpResponse response) throws IOException;
    }

    /**
     * Runs one request under a deadline for the whole exchange (socket timeouts bound each read;
     * this bounds a slow drip of bytes too). A connection whose answer was not read to the end is
     * dropped, not drained.
     */
    private <T> T exchange(HttpUriRequestBase request, ResponseHandler<T> handler) throws IOException {
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            timedOut.set(true);
            request.cancel();
        }, requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            ClassicHttpResponse response = client.executeOpen(null, request, null);
            boolean read = false;
            try {
                T result = handler.handle(response);
                read = true;
                return result;
            } finally {
                if ((!read || request.isCancelled()) && response instanceof CloseableHttpResponse closeable) {
                    closeable.close(CloseMode.IMMEDIATE);
                } else {
                    response.close();
                }
            }
        } catch (DownloadException e) {
            throw e;
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

    private static void copy(HttpEntity entity, Path target, long maxBytes) throws IOException {
        boolean done = false;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            if (entity != null) {
                InputStream in = entity.getContent();
                byte[] buffer = new byte[256 * 1024];
                long total = 0;
                for (int n; (n = in.read(buffer)) != -1; ) {
                    total += n;
                    if (total > maxBytes) {
                        throw new DownloadException("the file is over the limit of " + maxBytes + " bytes", true);
                    }
                    out.write(buffer, 0, n);
                }
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(target);
            }
        }
    }

    /** A URL for a message: scheme, host, port and path; no query (it may carry a token). */
    static String redact(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
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
