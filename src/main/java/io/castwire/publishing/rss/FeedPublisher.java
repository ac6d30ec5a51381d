package io.castwire.publishing.rss;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Publishes feeds and chapter files where a web server reads them. Each file is written beside the
 * old one under a temporary name, synced, and renamed over it, so a reader gets the old file or
 * the new one, never half of one, and a crash leaves the old file in place.
 */
@Component
public class FeedPublisher {

    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private final FeedWriter feedWriter;
    private final ChaptersWriter chaptersWriter;

    public FeedPublisher(FeedWriter feedWriter, ChaptersWriter chaptersWriter) {
        this.feedWriter = feedWriter;
        this.chaptersWriter = chaptersWriter;
    }

    /** Writes the show's feed to {@code target}, replacing the previous one atomically. */
    public void publishFeed(ShowFeed show, List<FeedItem> items, Path target) throws IOException {
        writeAtomically(target, out -> feedWriter.write(show, items, out));
    }

    /** Writes an episode's JSON chapters to {@code target}, replacing the previous file atomically. */
    public void publishChapters(List<Chapter> chapters, Path target) throws IOException {
        writeAtomically(target, out -> chaptersWriter.write(chapters, out));
    }

    /** Produces a file's bytes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code content} to a temporary file in {@code target}'s folder, forces it to disk and
     * moves it over {@code target} with {@link StandardCopyOption#ATOMIC_MOVE}. When {@code content}
     * fails, {@code target} is untouched and the temporary file is removed.
     */
    public static void writeAtomically(Path target, Content content) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        // same folder, so the rename never crosses file systems; hidden, so no glob serves it
        Path temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(new KeepOpen(Channels.newOutputStream(channel)), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            keepPermissions(target, temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            syncFolder(folder);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Temporary files are created owner-only; a feed must stay readable by the web server. */
    private static void keepPermissions(Path target, Path temp) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : WORLD_READABLE;
        view.setPermissions(permissions);
    }

    /** Makes the rename itself durable; not every platform can sync a folder, and then the rename still stands. */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort only
        }
    }

    /** Content may close the stream it was given; the channel must stay open until it is synced. */
    private static final class KeepOpen extends FilterOutputStream {

        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
