package io.castwire.common.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A byte range of a file as a request body, streamed from disk when the client sends it (never read
 * into the heap): one chunk of a resumable upload, one segment of a chunked upload, or the file
 * part of a multipart body.
 */
public final class FileSlice {

    private FileSlice() {
    }

    /** The bytes {@code [offset, offset + length)} of the file, with their Content-Length. */
    public static BodyPublisher publisher(Path file, long offset, long length) {
        return HttpRequest.BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> open(file, offset, length)), length);
    }

    /**
     * The range as a stream, opened only when the client starts sending and closed by it. An I/O
     * error comes out unchecked; the client turns it into an IOException of its send.
     */
    public static InputStream open(Path file, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return new Limited(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** At most {@code remaining} bytes of the stream. */
    private static final class Limited extends FilterInputStream {
        private long remaining;

        Limited(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(buf, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
