package io.castwire.processing.transcript;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The bytes of a transcript file and the character set they turned out to be in.
 * <p>
 * The file is read once, into an array of exactly its size, after the size has been checked; the
 * readers then decode from that array as they go, so no second full copy of the text is held.
 */
final class TranscriptFile {

    static final String NOT_UTF8_WARNING = "not UTF-8; read as Windows-1252";

    private static final long MB = 1024L * 1024;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private final byte[] bytes;
    private final int textStart;
    private final Charset charset;

    private TranscriptFile(byte[] bytes, int textStart, Charset charset) {
        this.bytes = bytes;
        this.textStart = textStart;
        this.charset = charset;
    }

    /**
     * Reads a file of at most {@code maxBytes}. UTF-8 is assumed, with or without a byte order mark;
     * bytes that are not valid UTF-8 mean the file came from an older Windows tool, so it is read as
     * Windows-1252 instead.
     */
    static TranscriptFile read(Path file, long maxBytes) throws IOException, TranscriptParseException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new TranscriptParseException(String.format(Locale.ROOT,
                    "transcript is %.1f MB, above the %d MB limit", roundUpToTenth(size), maxBytes / MB));
        }
        if (size == 0) {
            throw new TranscriptParseException("the file is empty: it contains no captions/segments");
        }
        byte[] bytes = new byte[(int) size];
        try (InputStream in = Files.newInputStream(file)) {
            int read = in.readNBytes(bytes, 0, bytes.length);
            // a file still being written would be parsed half-way; let the caller retry it later
            if (read != bytes.length || in.read() != -1) {
                throw new IOException(file + " changed size while it was being read");
            }
        }
        int textStart = hasUtf8Bom(bytes) ? 3 : 0;
        Charset charset = isUtf8(bytes, textStart) ? StandardCharsets.UTF_8 : WINDOWS_1252;
        return new TranscriptFile(bytes, textStart, charset);
    }

    /** A fresh reader over the text, byte order mark already skipped. */
    Reader reader() {
        InputStream in = new ByteArrayInputStream(bytes, textStart, bytes.length - textStart);
        return new BufferedReader(new InputStreamReader(in, charset));
    }

    /** Warnings about the file as a whole, to pass on to the producer. */
    List<String> warnings() {
        return charset.equals(StandardCharsets.UTF_8) ? List.of() : List.of(NOT_UTF8_WARNING);
    }

    // rounding up keeps a file just over the limit from being reported as "20.0 MB, above the 20 MB limit"
    private static double roundUpToTenth(long size) {
        return Math.ceil(size * 10.0 / MB) / 10;
    }

    private static boolean hasUtf8Bom(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
    }

    /** Decodes into a small scratch buffer that is thrown away, only to find out whether the bytes are UTF-8. */
    private static boolean isUtf8(byte[] bytes, int offset) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, bytes.length - offset);
        CharBuffer scratch = CharBuffer.allocate(8192);
        while (true) {
            var result = decoder.decode(in, scratch, true);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                return true;
            }
            scratch.clear();
        }
    }
}
