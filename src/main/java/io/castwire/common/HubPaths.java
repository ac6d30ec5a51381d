package io.castwire.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * The folders below {@code castwire.home}. Every path the hub writes is resolved here, and a
 * path that would land outside home is refused: file names come from producers.
 */
@Component
public class HubPaths {

    /**
     * Keeps files shared between replicas (see {@code io.castwire.common.storage.SharedStorage}).
     * The default does nothing: a single hub keeps its files on local disk only.
     */
    public interface Sharing {
        /** A file was written below home (already complete under its final name). */
        void afterWrite(Path file);

        /** A file below home is about to be used; fetch it if another replica wrote it. */
        void ensureLocal(Path file);

        /**
         * A file that is rewritten in place (a show's feed) is about to be served: fetch it when
         * another replica wrote a newer one. Files that never change after their first write
         * (content-addressed media) only need {@link #ensureLocal}.
         */
        default void refresh(Path file) {
            ensureLocal(file);
        }

        /** A file below home was removed on purpose (storage lifecycle): its shared copy goes too. */
        default void afterDelete(Path file) {
        }
    }

    private static final Sharing LOCAL_ONLY = new Sharing() {
        @Override
        public void afterWrite(Path file) {
        }

        @Override
        public void ensureLocal(Path file) {
        }
    };

    private final Path home;
    private volatile Sharing sharing = LOCAL_ONLY;

    public HubPaths(CastwireProperties properties) {
        this.home = properties.getHome().toAbsolutePath().normalize();
        for (Path dir : new Path[] {inbox(), media(), quarantine(), publicDir(), work()}) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir + " (castwire.home=" + home + ")", e);
            }
        }
    }

    public Path home() { return home; }
    public Path inbox() { return home.resolve("inbox"); }
    public Path media() { return home.resolve("media"); }
    public Path quarantine() { return home.resolve("quarantine"); }
    public Path publicDir() { return home.resolve("public"); }
    /** Scratch space for files being written; same file system as media/ so moves are atomic. */
    public Path work() { return home.resolve("work"); }

    /**
     * Resolves {@code relative} below {@code base}, refusing anything that escapes it
     * (absolute paths, {@code ..} segments).
     */
    public Path within(Path base, String relative) {
        Path candidate = base.resolve(relative).normalize();
        if (!candidate.startsWith(base) || candidate.equals(base)) {
            throw new IllegalArgumentException("path '" + relative + "' leaves " + base);
        }
        return candidate;
    }

    /** A path below home as stored in the database (relative, forward slashes). */
    public String relativize(Path path) {
        return home.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /**
     * The absolute path for a value stored by {@link #relativize(Path)}. With shared storage on,
     * a file another replica wrote is fetched first, so the path is ready to read.
     */
    public Path resolve(String stored) {
        Path path = within(home, stored);
        sharing.ensureLocal(path);
        return path;
    }

    /** Makes sure a file below home that another replica may have written is here (see {@link #resolve}). */
    public Path local(Path file) {
        sharing.ensureLocal(file);
        return file;
    }

    /** Makes sure the newest version of a file that is rewritten in place (a feed) is here. */
    public Path fresh(Path file) {
        sharing.refresh(file);
        return file;
    }

    /** Installs the shared storage; called once by its bean at start-up. */
    public void share(Sharing sharing) {
        this.sharing = sharing;
    }

    /** Tells the shared storage (if any) that this file below home was removed on purpose, so it does not come back. */
    public void removed(Path file) {
        sharing.afterDelete(file);
    }

    /** Tells the shared storage (if any) that this file below home is complete. Writers call it after their final move. */
    public void written(Path file) {
        sharing.afterWrite(file);
    }
}
