package io.castwire.operations.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** An archive folder (another disk, a network mount): copies land under their path below home. */
public class FolderArchive implements Archive {

    private final Path root;

    public FolderArchive(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public String store(Path file, String relative, Digests.Sums sums) throws IOException {
        Path target = root.resolve(relative).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IOException("path '" + relative + "' leaves the archive folder " + root);
        }
        Files.createDirectories(target.getParent());
        // a hidden partial copy, forced to disk, then renamed: a crash never leaves half a file under the final name
        Path tmp = Files.createTempFile(target.getParent(), ".archive-", ".tmp");
        try {
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Digests.Sums copy = Digests.of(target);
        if (copy.size() != sums.size() || !copy.sha256().equals(sums.sha256())) {
            throw new IOException("the archived copy " + target + " does not match " + relative + " (" + copy.size()
                    + " bytes, sha256 " + copy.sha256() + " instead of " + sums.size() + " bytes, " + sums.sha256() + ")");
        }
        return target.toString();
    }
}
