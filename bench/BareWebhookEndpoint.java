import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline of bench/inbound.py: a bare HTTP endpoint that reads a POSTed body and answers 202
 * with a small JSON, nothing else (no signature, no schema, no database). JDK source launcher:
 * {@code java bench/BareWebhookEndpoint.java <port> <threads>}.
 */
public class BareWebhookEndpoint {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        AtomicLong ids = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.createContext("/webhooks/", x -> {
            try (InputStream in = x.getRequestBody()) {
                in.readAllBytes();
            }
            byte[] body = ("{\"id\":" + ids.incrementAndGet() + ",\"status\":\"ACCEPTED\"}").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(202, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("ready on " + port);
    }
}
