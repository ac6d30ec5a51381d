package io.castwire.operations.storage;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.common.storage.S3Clients;
import io.castwire.common.storage.S3Properties;
import jakarta.annotation.PreDestroy;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The archive of {@code castwire.storage.archive}: empty (none), {@code s3://bucket/prefix} (the
 * store of {@code castwire.s3.*}), or a folder, which must lie outside the hub's own folders.
 */
@Component
public class Archives {

    private final CastwireProperties properties;
    private final S3Properties s3Properties;
    private final Environment env;
    private final HubPaths paths;
    private S3Client client;
    private Archive archive;
    private String builtFor;

    public Archives(CastwireProperties properties, S3Properties s3Properties, Environment env, HubPaths paths) {
        this.properties = properties;
        this.s3Properties = s3Properties;
        this.env = env;
        this.paths = paths;
    }

    /** The configured archive, or empty when {@code castwire.storage.archive} is empty. */
    public synchronized Optional<Archive> configured() {
        String spec = properties.getStorage().getArchive().strip();
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        if (!spec.equals(builtFor)) {
            archive = build(spec);
            builtFor = spec;
        }
        return Optional.of(archive);
    }

    private Archive build(String spec) {
        if (spec.startsWith("s3://")) {
            if (client == null) {
                client = S3Clients.create(s3Properties, env);
            }
            return S3Archive.of(client, spec);
        }
        Path folder = Path.of(spec).toAbsolutePath().normalize();
        for (Path own : new Path[] {paths.media(), paths.publicDir(), paths.quarantine(), paths.inbox(), paths.work()}) {
            if (folder.startsWith(own) || own.startsWith(folder)) {
                throw new IllegalArgumentException("castwire.storage.archive " + folder
                        + " overlaps the hub's folder " + own + "; use a folder of its own (e.g. " + paths.home().resolve("archive")
                        + ") or s3://bucket/prefix");
            }
        }
        return new FolderArchive(folder);
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
