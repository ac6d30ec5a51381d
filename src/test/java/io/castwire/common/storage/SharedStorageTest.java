package io.castwire.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.ingest.ContentStore;
import io.castwire.support.S3Server;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Two replicas (two homes, two {@link HubPaths}) share one bucket on a real S3-compatible server:
 * what one writes below media/ or public/, the other reads through {@link HubPaths#resolve}.
 */
class SharedStorageTest {

    private static S3Client s3;
    private static String bucket;

    @BeforeAll
    static void bucket() {
        s3 = S3Server.shared().client();
        bucket = S3Server.shared().newBucket("shared");
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    private static HubPaths replica(Path home) {
        CastwireProperties p = new CastwireProperties();
        p.setHome(home);
        HubPaths paths = new HubPaths(p);
        paths.share(new SharedStorage(paths, s3, bucket, "replicas/", new SimpleMeterRegistry()));
        return paths;
    }

    @Test
    void aFileStoredByOneReplicaIsReadableByTheOther(@TempDir Path dir) throws Exception {
        HubPaths a = replica(dir.resolve("a"));
        HubPaths b = replica(dir.resolve("b"));
        byte[] bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(bytes);
        Path incoming = Files.write(a.work().resolve("upload.mp3"), bytes);
        Path target = new ContentStore(a).mediaPath("my-show", "ab" + "0".repeat(62), "mp3");
        new ContentStore(a).moveInto(incoming, target);
        String stored = a.relativize(target);

        Path onB = b.resolve(stored);
        assertThat(onB).startsWith(b.home()).exists();
        assertThat(Files.readAllBytes(onB)).isEqualTo(bytes);
        assertThat(s3.headObject(r -> r.bucket(bucket).key("replicas/" + stored)).contentLength()).isEqualTo(bytes.length);
        try (var left = Files.list(onB.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(onB.getFileName().toString());
        }
    }

    @Test
    void aFileRemovedOnPurposeDoesNotComeBackFromTheBucket(@TempDir Path dir) throws Exception {
        HubPaths a = replica(dir.resolve("a"));
        HubPaths b = replica(dir.resolve("b"));
        Path clip = Files.createDirectories(a.media().resolve("s3/clips/7")).resolve("default-1-0-1000.mp3");
        Files.writeString(clip, "clip");
        a.written(clip);
        String stored = a.relativize(clip);

        // the storage lifecycle removes it (after archiving it elsewhere)
        Files.delete(clip);
        a.removed(clip);

        assertThat(a.resolve(stored)).doesNotExist();
        assertThat(b.resolve(stored)).doesNotExist();
        assertThat(s3.listObjectsV2(r -> r.bucket(bucket).prefix("replicas/" + stored)).contents()).isEmpty();
    }

    @Test
    void publicFilesAreSharedButQuarantineAndWorkStayLocal(@TempDir Path dir) throws Exception {
        HubPaths a = replica(dir.resolve("a"));
        HubPaths b = replica(dir.resolve("b"));
        Path feed = Files.createDirectories(a.publicDir().resolve("shows/s1")).resolve("feed.xml");
        Files.writeString(feed, "<rss/>");
        a.written(feed);
        Path refused = Files.createDirectories(a.quarantine().resolve("s1")).resolve("x.mp3");
        Files.writeString(refused, "nope");
        a.written(refused);

        assertThat(Files.readString(b.resolve("public/shows/s1/feed.xml"))).isEqualTo("<rss/>");
        assertThat(b.resolve("quarantine/s1/x.mp3")).doesNotExist();
        assertThat(b.resolve("media/nobody/never.mp3")).doesNotExist();
    }

    @Test
    void aFeedRewrittenByOneReplicaIsServedFreshByTheOther(@TempDir Path dir) throws Exception {
        HubPaths a = replica(dir.resolve("a"));
        HubPaths b = replica(dir.resolve("b"));
        Path feed = Files.createDirectories(a.publicDir().resolve("shows/s2")).resolve("feed.xml");
        Path onB = b.publicDir().resolve("shows/s2/feed.xml");
        Files.writeString(feed, "<rss>one item</rss>");
        a.written(feed);
        assertThat(Files.readString(b.fresh(onB))).isEqualTo("<rss>one item</rss>");

        Files.writeString(feed, "<rss>two items</rss>");
        a.written(feed);
        // resolve() keeps a file that exists; fresh() compares it with the bucket
        assertThat(Files.readString(b.local(onB))).isEqualTo("<rss>one item</rss>");
        assertThat(Files.readString(b.fresh(onB))).isEqualTo("<rss>two items</rss>");
        // the feed B has is the bucket's: asking again downloads nothing
        long downloadsBefore = Files.getLastModifiedTime(onB).toMillis();
        assertThat(Files.readString(b.fresh(onB))).isEqualTo("<rss>two items</rss>");
        assertThat(Files.getLastModifiedTime(onB).toMillis()).isEqualTo(downloadsBefore);
    }

    @Test
    void aPublishedFileIsServedByAReplicaThatNeverWroteIt(@TempDir Path dir) throws Exception {
        HubPaths a = replica(dir.resolve("a"));
        HubPaths b = replica(dir.resolve("b"));
        Path published = Files.createDirectories(a.publicDir().resolve("media/s1")).resolve("ep.mp3");
        Files.writeString(published, "episode bytes");
        a.written(published);
        // the handler's chain as FeedResource configures it: this resolver, then Spring's path resolver
        var disk = new org.springframework.web.servlet.resource.PathResourceResolver();
        var tail = new org.springframework.web.servlet.resource.ResourceResolverChain() {
            @Override
            public org.springframework.core.io.Resource resolveResource(jakarta.servlet.http.HttpServletRequest request,
                    String requestPath, List<? extends org.springframework.core.io.Resource> locations) {
                return disk.resolveResource(request, requestPath, locations, null);
            }

            @Override
            public String resolveUrlPath(String resourcePath, List<? extends org.springframework.core.io.Resource> locations) {
                return disk.resolveUrlPath(resourcePath, locations, null);
            }
        };
        var fetching = new FetchingResourceResolver(b, "public/media/");
        var locations = List.of(new org.springframework.core.io.UrlResource(
                Files.createDirectories(b.publicDir().resolve("media")).toUri()));
        assertThat(tail.resolveResource(null, "s1/ep.mp3", locations)).as("not on B's disk yet").isNull();

        var served = fetching.resolveResource(null, "s1/ep.mp3", locations, tail);

        assertThat(served).isNotNull();
        assertThat(served.getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("episode bytes");
        assertThat(fetching.resolveResource(null, "s1/missing.mp3", locations, tail)).isNull();
        assertThat(fetching.resolveResource(null, "../../quarantine/x.mp3", locations, tail)).isNull();
    }

    @Test
    void withoutSharedStorageNothingLeavesTheDisk(@TempDir Path dir) throws Exception {
        CastwireProperties p = new CastwireProperties();
        p.setHome(dir.resolve("alone"));
        HubPaths alone = new HubPaths(p);
        Path file = Files.createDirectories(alone.media().resolve("solo")).resolve("only-here.mp3");
        Files.writeString(file, "local");
        alone.written(file);
        HubPaths other = replica(dir.resolve("other"));
        assertThat(other.resolve("media/solo/only-here.mp3")).doesNotExist();
    }
}
