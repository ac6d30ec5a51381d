package io.castwire.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file range as a request body: exactly its bytes, in bounded buffers, at the pace the client asks. */
class FileSliceTest {

    @TempDir
    Path dir;

    private Path file(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        return Files.write(dir.resolve("media.bin"), data);
    }

    /** Subscribes, asking for one buffer at a time; returns the bytes and the buffers seen. */
    private static CompletableFuture<byte[]> collect(HttpRequest.BodyPublisher p, List<Integer> sizes, long perRequest) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.subscribe(new Flow.Subscriber<>() {
            Flow.Subscription s;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                s = subscription;
                s.request(perRequest);
            }

            @Override
            public void onNext(ByteBuffer item) {
                sizes.add(item.remaining());
                byte[] b = new byte[item.remaining()];
                item.get(b);
                out.writeBytes(b);
                if (perRequest != Long.MAX_VALUE) {
                    s.request(perRequest);
                }
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                result.complete(out.toByteArray());
            }
        });
        return result;
    }

    @Test
    void aRangeIsExactlyItsBytesInBoundedBuffers() throws Exception {
        Path f = file(1_000_000);
        byte[] all = Files.readAllBytes(f);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        HttpRequest.BodyPublisher p = FileSlice.publisher(f, 123_457, 700_001);
        assertThat(p.contentLength()).isEqualTo(700_001);
        assertThat(collect(p, sizes, 1).get(5, TimeUnit.SECONDS)).isEqualTo(Arrays.copyOfRange(all, 123_457, 823_458));
        assertThat(sizes).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(FileSlice.BUFFER)).hasSize(3);
        // unbounded demand, and a second subscription (a client that sends the body again) starts over
        assertThat(collect(p, new CopyOnWriteArrayList<>(), Long.MAX_VALUE).get(5, TimeUnit.SECONDS))
                .isEqualTo(Arrays.copyOfRange(all, 123_457, 823_458));
    }

    @Test
    void aFileShorterThanTheRangeIsAnErrorNotAShortBody() throws Exception {
        Path f = file(1000);
        CompletableFuture<byte[]> r = collect(FileSlice.publisher(f, 500, 600), new CopyOnWriteArrayList<>(), 1);
        assertThat(r).failsWithin(5, TimeUnit.SECONDS).withThrowableThat().withMessageContaining("ended at byte 1000");
    }

    @Test
    void theJdkClientSendsTheRangeWithItsLength() throws Exception {
        Path f = file(3_000_000);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<byte[]> received = new CopyOnWriteArrayList<>();
        server.createContext("/", x -> {
            received.add(x.getRequestBody().readAllBytes());
            x.getResponseHeaders().add("X-Length", x.getRequestHeaders().getFirst("Content-Length"));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        server.start();
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.getAddress().getPort() + "/up")).PUT(FileSlice.publisher(f, 1_000_000, 1_500_000)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(r.statusCode()).isEqualTo(204);
            assertThat(r.headers().firstValue("X-Length")).hasValue("1500000");
            assertThat(received.get(0)).isEqualTo(Arrays.copyOfRange(Files.readAllBytes(f), 1_000_000, 2_500_000));
        } finally {
            server.stop(0);
        }
    }
}
