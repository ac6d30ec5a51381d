package io.castwire.operations.storage;

import io.castwire.common.HubPaths;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Walks the folders below {@code castwire.home} and tells each file's area, show and episode from its path. */
@Component
public class StorageAreas {

    private final HubPaths paths;

    public StorageAreas(HubPaths paths) {
        this.paths = paths;
    }

    /** Every regular file below the hub's folders (symbolic links are not followed). */
    public List<StoredFile> walk() throws IOException {
        List<StoredFile> files = new ArrayList<>();
        for (Path root : new Path[] {paths.media(), paths.quarantine(), paths.publicDir(), paths.work(), paths.inbox()}) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        files.add(classify(file, attrs.size(), attrs.lastModifiedTime().toInstant()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // a file removed while walking is not counted
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return files;
    }

    /** The area, show and episode of a file below home, from its path alone. */
    StoredFile classify(Path file, long size, java.time.Instant modified) {
        Path f = file.toAbsolutePath().normalize();
        String relative = paths.relativize(f);
        boolean hidden = f.getFileName().toString().startsWith(".");
        if (f.startsWith(paths.media())) {
            String[] p = paths.media().relativize(f).toString().replace('\\', '/').split("/");
            String show = p.length > 1 ? p[0] : null;
            StorageArea area = StorageArea.ORIGINALS;
            Long episode = null;
            if (p.length > 2) {
                switch (p[1]) {
                    case "sidecars" -> area = StorageArea.SIDECARS;
                    case "clips" -> {
                        area = StorageArea.CLIPS;
                        episode = p.length > 3 ? number(p[2]) : null;
                    }
                    case "captions" -> {
                        area = StorageArea.RENDERS;
                        episode = p.length > 3 ? number(p[2]) : null;
                    }
                    case "chapters" -> {
                        area = StorageArea.RENDERS;
                        episode = number(p[2].replaceFirst("\\.json$", ""));
                    }
                    default -> area = StorageArea.ORIGINALS;
                }
            }
            return new StoredFile(area, f, relative, show, episode, size, modified, hidden);
        }
        if (f.startsWith(paths.quarantine())) {
            return new StoredFile(StorageArea.QUARANTINE, f, relative, showFolder(paths.quarantine(), f), null, size,
                    modified, hidden);
        }
        if (f.startsWith(paths.publicDir())) {
            String[] p = paths.publicDir().relativize(f).toString().replace('\\', '/').split("/");
            String show = p.length > 2 ? p[1] : null;
            Long episode = p.length > 3 && p[0].equals("media") ? number(p[2]) : null;
            return new StoredFile(StorageArea.PUBLIC, f, relative, show, episode, size, modified, hidden);
        }
        if (f.startsWith(paths.inbox())) {
            return new StoredFile(StorageArea.INBOX, f, relative, showFolder(paths.inbox(), f), null, size, modified, hidden);
        }
        return new StoredFile(StorageArea.WORK, f, relative, null, null, size, modified, hidden);
    }

    /** The show folder directly below {@code root}; a file directly in it belongs to show {@code default}. */
    private static String showFolder(Path root, Path f) {
        Path rel = root.relativize(f);
        return rel.getNameCount() > 1 ? rel.getName(0).toString() : io.castwire.ingest.FileNames.DEFAULT_SHOW;
    }

    private static Long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
