import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The baseline for bench/run.sh: a bare Camel file-to-file route with the same polling and
 * read-lock settings as castwire's watched-folder route (ingest-folder-poll), and nothing else:
 * no hashing, no probing, no database. Each file is streamed to {@code <out>} and then moved by the
 * file consumer to {@code .camel/} beside it, so a file leaves {@code <in>} only once it is done,
 * exactly as castwire's inbox empties only once each file is registered.
 *
 * <p>Run with the project's runtime classpath and the JDK source launcher:
 * {@code java -cp "$CP" bench/BareFileRoute.java <in> <out> [settleMs] [pollMs]}. It prints
 * {@code READY} once the route has started and runs until standard input is closed. The timing
 * is done outside, by bench/bench.py, with the same clock and completion test as for castwire.
 */
public final class BareFileRoute {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BareFileRoute <in> <out> [settleMs=500] [pollMs=200]");
            System.exit(2);
        }
        Path in = Path.of(args[0]).toAbsolutePath().normalize();
        Path out = Path.of(args[1]).toAbsolutePath().normalize();
        long settle = args.length > 2 ? Long.parseLong(args[2]) : 500;
        long poll = args.length > 3 ? Long.parseLong(args[3]) : 200;
        Files.createDirectories(in);
        Files.createDirectories(out);
        // the same consumer options castwire derives from settle-time and poll-interval
        String from = String.format("file:%s?recursive=true&readLock=changed&readLockMarkerFile=false&readLockMinLength=0"
                        + "&readLockMinAge=%d&readLockCheckInterval=%d&readLockTimeout=%d&readLockLoggingLevel=OFF"
                        + "&delay=%d&maxMessagesPerPoll=200&eagerMaxMessagesPerPoll=false&sortBy=file:modified",
                in, settle, Math.max(100, settle / 2), settle * 4 + 2000, poll);
        String to = "file:" + out;

        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).routeId("bench-bare-file-route").to(to);
            }
        });
        camel.start();
        System.out.println("READY " + from + " -> " + to);
        System.out.flush();

        // run until the harness closes our standard input
        try (BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (stdin.readLine() != null) {
                // ignore
            }
        }
        camel.stop();
    }
}
