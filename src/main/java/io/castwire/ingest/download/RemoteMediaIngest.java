package io.castwire.ingest.download;

import io.castwire.episode.EpisodeMetadata;
import io.castwire.ingest.FileNames;
import io.castwire.ingest.InboxFile;
import io.castwire.ingest.IngestOutcome;
import io.castwire.ingest.IngestRejection;
import io.castwire.ingest.IngestRejection.Code;
import io.castwire.ingest.MediaIngest;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Registers media named by a URL: fetched by {@link MediaDownloader}, then the same validation,
 * dedup and registration as a file dropped into {@code inbox/<show>/}, with the metadata that came
 * with the URL applied in the registration's transaction. Nothing of a failed attempt is left.
 */
@Component
public class RemoteMediaIngest {

    /** Media to fetch: where from, for which show, under which name (null: from the URL) and with which metadata. */
    public record RemoteMedia(String url, String showSlug, String fileName, EpisodeMetadata metadata, String origin) {
    }

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("audio/mpeg", "mp3"), Map.entry("audio/mp3", "mp3"), Map.entry("audio/mp4", "m4a"),
            Map.entry("audio/x-m4a", "m4a"), Map.entry("audio/aac", "m4a"), Map.entry("audio/wav", "wav"),
            Map.entry("audio/x-wav", "wav"), Map.entry("audio/wave", "wav"), Map.entry("audio/flac", "flac"),
            Map.entry("audio/x-flac", "flac"), Map.entry("audio/ogg", "ogg"), Map.entry("video/mp4", "mp4"),
            Map.entry("video/quicktime", "mov"), Map.entry("video/x-matroska", "mkv"));

    private final MediaDownloader downloader;
    private final FileNames names;
    private final MediaIngest ingest;

    public RemoteMediaIngest(MediaDownloader downloader, FileNames names, MediaIngest ingest) {
        this.downloader = downloader;
        this.names = names;
        this.ingest = ingest;
    }

    /**
     * Fetches and registers the media.
     *
     * @throws IngestRejection for bad media (the same codes as the watched folder; DUPLICATE names
     *         the existing episode in its details)
     * @throws IOException when the fetch failed; {@link MediaDownloader#retryable} says whether
     *         another attempt could succeed
     */
    public IngestOutcome ingest(RemoteMedia media) throws IngestRejection, IOException {
        MediaDownloader.Downloaded got = downloader.fetch(media.url());
        try {
            InboxFile inbox = names.classify(Path.of(FileNames.slug(media.showSlug()).isEmpty() ? FileNames.DEFAULT_SHOW
                    : FileNames.slug(media.showSlug()), fileName(media, got)));
            if (inbox.kind() != InboxFile.Kind.MEDIA) {
                throw new IngestRejection(Code.UNSUPPORTED_TYPE, "'" + FileNames.printable(inbox.fileName())
                        + "' is not a media file castwire takes (" + String.join(", ", names.mediaExtensions()) + ")",
                        "name the file with a media extension or serve it with an audio/ or video/ content type");
            }
            return ingest.ingest(got.file(), inbox, media.metadata(), media.origin());
        } finally {
            // registered media were moved into the store; anything still here was refused
            Files.deleteIfExists(got.file());
        }
    }

    /** The given name, else the last path segment of the final URL, with an extension from the content type if it has none. */
    static String fileName(RemoteMedia media, MediaDownloader.Downloaded got) {
        String name = media.fileName();
        if (name == null || name.isBlank()) {
            URI url = got.url() == null ? URI.create(media.url()) : got.url();
            String path = url.getRawPath() == null ? "" : url.getRawPath();
            name = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        }
        if (name.isBlank()) {
            name = "episode";
        }
        String ext = extension(got.contentType());
        int dot = name.lastIndexOf('.');
        if (ext != null && (dot < 0 || !EXTENSIONS.containsValue(name.substring(dot + 1).toLowerCase(Locale.ROOT)))) {
            name = name + "." + ext;
        }
        return name;
    }

    private static String extension(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return EXTENSIONS.get(type);
    }
}
