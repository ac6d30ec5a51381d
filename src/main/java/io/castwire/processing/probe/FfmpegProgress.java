package io.castwire.processing.probe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads how far an ffmpeg run got from its {@code -progress} file (key=value blocks, newest last). */
final class FfmpegProgress {

    private static final int TAIL = 2048;

    private FfmpegProgress() {
    }

    /** Percent of {@code expectedMs} written so far; NaN when nothing is known yet. */
    static double percent(Path progressFile, long expectedMs) {
        String tail;
        try (SeekableByteChannel ch = Files.newByteChannel(progressFile)) {
            long size = ch.size();
            ch.position(Math.max(0, size - TAIL));
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(size, TAIL));
            while (b.hasRemaining() && ch.read(b) > 0) {
                // read the tail
            }
            tail = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Double.NaN;
        }
        return percentOf(tail, expectedMs);
    }

    /** The percent from the last block of progress text. */
    static double percentOf(String text, long expectedMs) {
        if (text.contains("progress=end")) {
            return 100;
        }
        long micros = -1;
        for (String line : text.split("\\R")) {
            // out_time_us and (despite its name) out_time_ms are both microseconds
            if (line.startsWith("out_time_us=") || line.startsWith("out_time_ms=")) {
                try {
                    micros = Long.parseLong(line.substring(line.indexOf('=') + 1).strip());
                } catch (NumberFormatException e) {
                    // N/A before the first frame
                }
            }
        }
        if (micros < 0 || expectedMs <= 0) {
            return Double.NaN;
        }
        return Math.min(100, micros / 1000.0 * 100 / expectedMs);
    }
}
