package io.castwire.common.http;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A multipart/form-data body (RFC 7578): text fields, then one file part that is a whole file or a
 * byte range of one. The file is streamed by the HTTP client while it sends, never read into
 * memory, and its length is known up front, so the request carries a Content-Length (the X and
 * Graph upload endpoints and some transcription services refuse chunked transfer encoding). Used
 * by the transcription client and the social destinations.
 */
public final class MultipartBody {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CRLF = "\r\n";

    private final String boundary;
    private final Map<String, String> fields = new LinkedHashMap<>();

    public MultipartBody() {
        // random, so neither a description nor a media byte sequence can be mistaken for it
        StringBuilder b = new StringBuilder("castwire-");
        for (int i = 0; i < 24; i++) {
            b.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        this.boundary = b.toString();
    }

    /** Adds a text field; a null value is left out. */
    public MultipartBody field(String name, String value) {
        if (value != null) {
            if (value.contains(boundary)) {
                throw new IllegalArgumentException("form field " + name + " contains the multipart boundary");
            }
            fields.put(name, value);
        }
        return this;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /**
     * Every field, then the whole {@code file} as part {@code fileField}.
     *
     * @param fileName the name the receiver sees (some pick a decoder from its extension)
     */
    public BodyPublisher publisher(String fileField, String fileName, String fileType, Path file)
            throws java.io.FileNotFoundException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException(file.toString());
        }
        try {
            return publisher(fileField, fileName, fileType, file, 0, java.nio.file.Files.size(file));
        } catch (IOException e) {
            throw new java.io.FileNotFoundException(file + ": " + e.getMessage());
        }
    }

    /** Every field, then {@code length} bytes of {@code file} from {@code offset} as part {@code fileField}. */
    public BodyPublisher publisher(String fileField, String fileName, String fileType, Path file, long offset, long length) {
        StringBuilder head = new StringBuilder();
        fields.forEach((name, value) -> head.append("--").append(boundary).append(CRLF)
                .append("Content-Disposition: form-data; name=\"").append(name).append('"').append(CRLF)
                .append(CRLF).append(value).append(CRLF));
        head.append("--").append(boundary).append(CRLF)
                .append("Content-Disposition: form-data; name=\"").append(fileField).append("\"; filename=\"")
                .append(safeFileName(fileName)).append('"').append(CRLF)
                .append("Content-Type: ").append(fileType).append(CRLF).append(CRLF);
        String tail = CRLF + "--" + boundary + "--" + CRLF;
        return BodyPublishers.concat(
                BodyPublishers.ofByteArray(head.toString().getBytes(StandardCharsets.UTF_8)),
                FileSlice.publisher(file, offset, length),
                BodyPublishers.ofByteArray(tail.getBytes(StandardCharsets.UTF_8)));
    }

    private static String safeFileName(String name) {
        return name.replaceAll("[\"\\\\\\r\\n]", "_");
    }
}
