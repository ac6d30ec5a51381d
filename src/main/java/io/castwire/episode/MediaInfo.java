package io.castwire.episode;

/** What probing the media found. Codec and stream fields are null when the stream is absent. */
public record MediaInfo(
        String kind,
        String container,
        Long durationMs,
        String audioCodec,
        String videoCodec,
        Integer sampleRate,
        Integer channels,
        Integer width,
        Integer height,
        Integer bitrateKbps) {

    public static final String AUDIO = "AUDIO";
    public static final String VIDEO = "VIDEO";
}
