package io.castwire.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.support.HubProcess;
import io.castwire.support.S3Server;
import io.castwire.support.TcpProxy;
import io.castwire.support.TestDatabases;
import io.castwire.support.TestMedia;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 ingest in the packaged jar against a real S3-compatible server (s3proxy): a 1 GiB object is
 * taken by a hub with a 256 MB heap (streamed, never held in memory), and objects put while the
 * database is away stay in the bucket until it is back.
 */
class S3IngestIT {

    private static final String PASSWORD = "s3-it-pw";
    private static final long ONE_GIB = 1L << 30;
    private final ObjectMapper json = new ObjectMapper();

    private static List<String> s3Args(String bucket) {
        return new ArrayList<>(List.of("--castwire.s3.endpoint=" + S3Server.shared().endpoint(),
                "--castwire.s3.force-path-style=true", "--castwire.s3.ingest.bucket=" + bucket,
                "--castwire.s3.ingest.poll-interval=300ms"));
    }

    private static Map<String, String> env(Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("CASTWIRE_ADMIN_PASSWORD", PASSWORD,
                "CASTWIRE_S3_ACCESS_KEY", S3Server.ACCESS_KEY, "CASTWIRE_S3_SECRET_KEY", S3Server.SECRET_KEY));
        env.putAll(more);
        return env;
    }

    @Test
    void aOneGigabyteObjectIsTakenByAHubWithA256MegabyteHeap(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("big.wav");
        String sha = writeWav(wav, ONE_GIB);
        String bucket = S3Server.shared().newBucket("it-big");
        Path home = dir.resolve("data");
        try (S3Client s3 = S3Server.shared().client()) {
            s3.putObject(r -> r.bucket(bucket).key("inbox/big-show/long-episode.wav"), RequestBody.fromFile(wav));
            Files.delete(wav);
            List<String> args = s3Args(bucket);
            args.addAll(List.of("--castwire.ingest.max-file-size=2GB",
                    // only ingest is measured here: the 93-minute episode is not processed
                    "--castwire.routes.processing-outbox-poll.auto-startup=false",
                    "--castwire.routes.processing-episode-run.auto-startup=false"));
            try (HubProcess hub = new HubProcess(home, env(Map.of()), args).jvm("-Xmx256m").start()) {
                JsonNode[] episode = new JsonNode[1];
                await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    JsonNode items = json.readTree(hub.get("/api/episodes?show=big-show", PASSWORD)).get("items");
                    episode[0] = items.size() == 1 ? items.get(0) : null;
                    return episode[0] != null;
                });
                assertThat(episode[0].get("sizeBytes").asLong()).isEqualTo(ONE_GIB + 44);
                assertThat(episode[0].get("contentHash").asText()).isEqualTo("sha256:" + sha);
                Path stored = home.resolve("media/big-show/" + sha.substring(0, 2) + "/" + sha + ".wav");
                assertThat(stored).exists();
                assertThat(sha256(stored)).as("the stored file's SHA-256").isEqualTo(sha);
                await().atMost(Duration.ofSeconds(120)).until(() -> keys(s3, bucket, "processed/")
                        .equals(List.of("processed/big-show/long-episode.wav")));
                await().atMost(Duration.ofSeconds(30)).until(() -> keys(s3, bucket, "inbox/").isEmpty());
                assertThat(hub.log()).doesNotContain("OutOfMemoryError");
                // the download folder goes right after the move to processed/
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    try (var work = Files.list(home.resolve("work"))) {
                        return work.noneMatch(p -> p.getFileName().toString().startsWith("s3-"));
                    }
                });
                Files.delete(stored);
            } finally {
                s3.deleteObject(r -> r.bucket(bucket).key("processed/big-show/long-episode.wav"));
                s3.deleteObject(r -> r.bucket(bucket).key("inbox/big-show/long-episode.wav"));
            }
        }
    }

    @Test
    void objectsWaitInTheBucketWhileTheDatabaseIsAway(@TempDir Path dir) throws Exception {
        String schema = TestDatabases.newSchemaName();
        TestDatabases.postgres(schema).close();
        int proxyPort = HubProcess.freePort();
        java.net.URI pg = java.net.URI.create(TestDatabases.POSTGRES_URL.substring("jdbc:".length()));
        String bucket = S3Server.shared().newBucket("it-outage");
        List<String> args = s3Args(bucket);
        args.addAll(List.of("--castwire.ingest.transcript-wait=0s", "--spring.datasource.hikari.connection-timeout=1000"));
        try (S3Client s3 = S3Server.shared().client();
             TcpProxy proxy = new TcpProxy(proxyPort, pg.getHost(), pg.getPort()).start();
             HubProcess hub = new HubProcess(dir.resolve("data"), env(Map.of(
                     "CASTWIRE_DB_URL", "jdbc:postgresql://127.0.0.1:" + proxyPort + pg.getPath() + "?currentSchema=" + schema,
                     "CASTWIRE_DB_USER", TestDatabases.POSTGRES_USER)), args).start()) {
            s3.putObject(r -> r.bucket(bucket).key("inbox/pg-show/before.mp3"), RequestBody.fromFile(TestMedia.mp3(2)));
            await().atMost(Duration.ofSeconds(120)).until(() -> episodes(hub).size() == 1);

            proxy.stop();
            Path during = TestMedia.mp3(2);
            s3.putObject(r -> r.bucket(bucket).key("inbox/pg-show/during.mp3"), RequestBody.fromFile(during));
            int logLength = hub.log().length();
            await().atMost(Duration.ofSeconds(120)).until(() -> hub.log().substring(logLength)
                    .contains("Database unavailable while taking s3://" + bucket + "/inbox/pg-show/during.mp3"));
            assertThat(keys(s3, bucket, "inbox/")).containsExactly("inbox/pg-show/during.mp3");
            assertThat(keys(s3, bucket, "quarantine/")).isEmpty();

            proxy.start();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                try {
                    return episodes(hub).size() == 2;
                } catch (IllegalStateException e) {
                    return false;
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> keys(s3, bucket, "inbox/").isEmpty());
            assertThat(keys(s3, bucket, "processed/")).containsExactlyInAnyOrder("processed/pg-show/before.mp3",
                    "processed/pg-show/during.mp3");
            assertThat(keys(s3, bucket, "quarantine/")).isEmpty();
            assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("processed/pg-show/during.mp3")).asByteArray())
                    .isEqualTo(Files.readAllBytes(during));
        }
    }

    private JsonNode episodes(HubProcess hub) throws Exception {
        return json.readTree(hub.get("/api/episodes?show=pg-show", PASSWORD)).get("items");
    }

    private static List<String> keys(S3Client s3, String bucket, String prefix) {
        return s3.listObjects(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key).sorted().toList();
    }

    /**
     * A valid 48 kHz 16-bit stereo PCM WAV with {@code dataBytes} of noise, streamed to disk in
     * 1 MiB blocks; returns its SHA-256 (hex), computed while writing.
     */
    static String writeWav(Path file, long dataBytes) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt((int) (36 + dataBytes)).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2).putInt(48_000)
                .putInt(48_000 * 4).putShort((short) 4).putShort((short) 16)
                .put("data".getBytes()).putInt((int) dataBytes);
        SplittableRandom random = new SplittableRandom();
        byte[] block = new byte[1 << 20];
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
            out.write(header.array());
            for (long left = dataBytes; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(Path file) throws IOException, java.security.NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
