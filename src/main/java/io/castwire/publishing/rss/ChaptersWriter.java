package io.castwire.publishing.rss;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Writes the Podcasting 2.0 JSON chapters file an item's {@code podcast:chapters} points to, with
 * the media type {@link FeedWriter#CHAPTERS_TYPE}.
 */
@Component
public class ChaptersWriter {

    public static final String VERSION = "1.2.0";

    private final JsonFactory json = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    /**
     * Writes {@code {"version":"1.2.0","chapters":[{"startTime":0,"title":"..."}, ...]}} as UTF-8,
     * chapters in ascending start time as the format requires; {@code out} is flushed, left open.
     */
    public void write(List<Chapter> chapters, OutputStream out) throws IOException {
        List<Chapter> sorted = chapters.stream().sorted(Comparator.comparingDouble(Chapter::startSeconds)).toList();
        try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("version", VERSION);
            g.writeArrayFieldStart("chapters");
            for (Chapter chapter : sorted) {
                g.writeStartObject();
                g.writeFieldName("startTime");
                g.writeNumber(Seconds.decimal(chapter.startSeconds()));
                if (chapter.title() != null) {
                    g.writeStringField("title", chapter.title());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.flush();
    }
}
