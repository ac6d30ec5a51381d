package io.castwire.operations.storage;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One file below {@code castwire.home} as the lifecycle sees it.
 *
 * @param relative  the path below home, as stored in the database
 * @param show      the show slug its folder names, or null
 * @param episodeId the episode its folder names (clips, renders), or null; originals are matched by path
 * @param hidden    a hidden partial file (never a retention candidate)
 */
public record StoredFile(StorageArea area, Path path, String relative, String show, Long episodeId, long size,
                         Instant modified, boolean hidden) {
}
