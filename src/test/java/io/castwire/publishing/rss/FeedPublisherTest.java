package io.castwire.publishing.rss;

import static io.castwire.publishing.rss.FeedFixtures.NOV_21_0900;
import static io.castwire.publishing.rss.FeedFixtures.fullItem;
import static io.castwire.publishing.rss.FeedFixtures.minimalItem;
import static io.castwire.publishing.rss.FeedFixtures.show;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedPublisherTest {

    @TempDir
    Path folder;

    private final FeedPublisher publisher = new FeedPublisher(new FeedWriter(), new ChaptersWriter());

    @Test
    void publishesAReadableFeedAndLeavesNoTemporaryFile() throws Exception {
        Path target = folder.resolve("shows/night-shift/feed.xml");

        publisher.publishFeed(show(), List.of(fullItem()), target);

        assertThat(Files.readAllBytes(target)).isEqualTo(FeedFixtures.write(show(), List.of(fullItem())));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
        assertThat(filesIn(target.getParent())).containsExactly("feed.xml");
    }

    @Test
    void publishingTwiceReplacesTheWholeFile() throws Exception {
        Path target = folder.resolve("feed.xml");
        List<FeedItem> first = List.of(fullItem());
        List<FeedItem> second = List.of(minimalItem("ep-43", NOV_21_0900.plusSeconds(86_400)), fullItem());

        publisher.publishFeed(show(), first, target);
        assertThat(FeedDocument.parse(Files.readAllBytes(target)).count("/rss/channel/item")).isEqualTo(1);
        publisher.publishFeed(show(), second, target);

        assertThat(Files.readAllBytes(target)).isEqualTo(FeedFixtures.write(show(), second));
        assertThat(FeedDocument.parse(Files.readAllBytes(target)).string("/rss/channel/item[1]/guid")).isEqualTo("ep-43");
        assertThat(filesIn(folder)).containsExactly("feed.xml");
    }

    @Test
    void whileTheNewFileIsHalfWrittenReadersStillSeeTheWholeOldOne() throws Exception {
        Path target = folder.resolve("feed.xml");
        byte[] old = FeedFixtures.write(show(), List.of(minimalItem("old", NOV_21_0900)));
        byte[] next = FeedFixtures.write(show(), List.of(fullItem()));
        Files.write(target, old);
        List<String> seenMidway = new ArrayList<>();

        FeedPublisher.writeAtomically(target, out -> {
            out.write(next, 0, next.length / 2);
            out.flush();
            assertThat(Files.readAllBytes(target)).isEqualTo(old);
            try (Stream<Path> files = Files.list(folder)) {
                files.forEach(p -> seenMidway.add(p.getFileName().toString()));
            }
            out.write(next, next.length / 2, next.length - next.length / 2);
        });

        // the half-written bytes went to a hidden sibling, never to the feed itself
        assertThat(seenMidway).hasSize(2).contains("feed.xml")
                .anySatisfy(name -> assertThat(name).startsWith(".feed.xml.").endsWith(".tmp"));
        assertThat(Files.readAllBytes(target)).isEqualTo(next);
        assertThat(filesIn(folder)).containsExactly("feed.xml");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path target = folder.resolve("feed.xml");
        byte[] old = FeedFixtures.write(show(), List.of(fullItem()));
        Files.write(target, old);

        assertThatThrownBy(() -> FeedPublisher.writeAtomically(target, out -> {
            out.write(old, 0, 100);
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");

        assertThat(Files.readAllBytes(target)).isEqualTo(old);
        assertThat(filesIn(folder)).containsExactly("feed.xml");
    }

    @Test
    void anInvalidFeedNeverReplacesThePublishedOne() throws Exception {
        Path target = folder.resolve("feed.xml");
        publisher.publishFeed(show(), List.of(fullItem()), target);
        byte[] published = Files.readAllBytes(target);

        assertThatThrownBy(() -> publisher.publishFeed(show(), List.of(fullItem(), fullItem()), target))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(Files.readAllBytes(target)).isEqualTo(published);
        assertThat(filesIn(folder)).containsExactly("feed.xml");
    }

    @Test
    void theReplacedFileKeepsThePermissionsTheOldOneHad() throws Exception {
        Path target = folder.resolve("feed.xml");
        publisher.publishFeed(show(), List.of(), target);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw-r--"));

        publisher.publishFeed(show(), List.of(fullItem()), target);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-rw-r--");
    }

    @Test
    void contentThatClosesItsStreamIsStillSyncedAndPublished() throws Exception {
        Path target = folder.resolve("closed.txt");

        FeedPublisher.writeAtomically(target, out -> {
            out.write("complete".getBytes());
            out.close();
        });

        assertThat(Files.readString(target)).isEqualTo("complete");
        assertThat(filesIn(folder)).containsExactly("closed.txt");
    }

    @Test
    void aConcurrentReaderOnlyEverSeesAWholeFeed() throws Exception {
        Path target = folder.resolve("feed.xml");
        List<FeedItem> small = List.of(minimalItem("s", NOV_21_0900));
        List<FeedItem> large = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            large.add(minimalItem("episode-" + i, NOV_21_0900.minusSeconds(3600L * i)));
        }
        byte[] smallBytes = FeedFixtures.write(show(), small);
        byte[] largeBytes = FeedFixtures.write(show(), large);
        publisher.publishFeed(show(), small, target);
        AtomicBoolean publishing = new AtomicBoolean(true);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<int[]> reads = reader.submit(() -> {
                int whole = 0;
                int torn = 0;
                while (publishing.get()) {
                    byte[] seen = Files.readAllBytes(target);
                    if (Arrays.equals(seen, smallBytes) || Arrays.equals(seen, largeBytes)) {
                        whole++;
                    } else {
                        torn++;
                    }
                }
                return new int[] {whole, torn};
            });
            for (int i = 0; i < 100; i++) {
                publisher.publishFeed(show(), i % 2 == 0 ? large : small, target);
            }
            publishing.set(false);

            int[] counts = reads.get(30, TimeUnit.SECONDS);
            assertThat(counts[1]).as("torn reads").isZero();
            assertThat(counts[0]).as("whole reads").isPositive();
        } finally {
            reader.shutdownNow();
        }
        assertThat(filesIn(folder)).containsExactly("feed.xml");
    }

    @Test
    void publishesChaptersJson() throws Exception {
        Path target = folder.resolve("ep42.chapters.json");

        publisher.publishChapters(List.of(new Chapter(0, "Intro"), new Chapter(60, "Main")), target);

        var json = new ObjectMapper().readTree(target.toFile());
        assertThat(json.get("version").asText()).isEqualTo("1.2.0");
        assertThat(json.get("chapters").get(1).get("title").asText()).isEqualTo("Main");
        assertThat(filesIn(folder)).containsExactly("ep42.chapters.json");
    }

    private static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
