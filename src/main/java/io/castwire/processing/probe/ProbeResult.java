package io.castwire.processing.probe;

import io.castwire.episode.MediaInfo;

/**
 * What ffmpeg found in a file: the container, streams and header duration, and how much media
 * could actually be read ({@code demuxedMs}).
 */
public record ProbeResult(MediaInfo media, Long headerDurationMs, Long demuxedMs) {
}
