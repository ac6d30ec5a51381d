package io.castwire.episode;

import java.time.Instant;

/** One entry of an episode's timeline: a state change or a notable event. */
public record EpisodeEvent(Instant at, String event, EpisodeState from, EpisodeState to, String detail) {
}
