package io.castwire.processing.transcript;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A multipart/form-data body (RFC 7578) with text fields and one file part last. The file is
 * streamed from disk by the HTTP client, never read into memory, and the length is known up front,
 * so the request goes out with a Content-Length.
 */
final class MultipartUpload {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CRLF = "\r\n";

    private final String boundary;
    private final Map<String, String> fields = new LinkedHashMap<>();

    MultipartUpload() {
        // random, so no field value or audio byte sequence can be mistaken for it
        StringBuilder b = new StringBuilder("castwire-");
        for (int i = 0; i < 24; i++) {
            b.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        this.boundary = b.toString();
    }

    MultipartUpload field(String name, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("form field " + name + " must be one line");
        }
        fields.put(name, value);
        return this;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /**
     * The body: every field, then {@code file} as part {@code fileField}.
     *
     * @param fileName the name the service sees; hosted services pick the decoder from its extension
     */
    BodyPublisher publisher(String fileField, Path file, String fileName, String fileType) throws FileNotFoundException {
        StringBuilder head = new StringBuilder();
        fields.forEach((name, value) -> head.append("--").append(boundary).append(CRLF)
                .append("Content-Disposition: form-data; name=\"").append(name).append('"').append(CRLF)
                .append(CRLF).append(value).append(CRLF));
        head.append("--").append(boundary).append(CRLF)
                .append("Content-Disposition: form-data; name=\"").append(fileField).append("\"; filename=\"")
                .append(fileName).append('"').append(CRLF)
                .append("Content-Type: ").append(fileType).append(CRLF).append(CRLF);
        String tail = CRLF + "--" + boundary + "--" + CRLF;
        return BodyPublishers.concat(
                BodyPublishers.ofByteArray(head.toString().getBytes(StandardCharsets.UTF_8)),
                BodyPublishers.ofFile(file),
                BodyPublishers.ofByteArray(tail.getBytes(StandardCharsets.UTF_8)));
    }
}
