package io.castwire.operations.storage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a cleanup would do with each file past its retention: archive then delete, delete, or keep (and why). */
public record RetentionPlan(Instant at, RetentionPolicy policy, List<Decision> decisions) {

    public enum Action { ARCHIVE, DELETE, KEEP }

    /** One file past retention and what happens to it. */
    public record Decision(StoredFile file, Action action, String reason) {
        /** Whether the file leaves local disk. */
        public boolean removes() {
            return action != Action.KEEP;
        }
    }

    public long count(Action action) {
        return decisions.stream().filter(d -> d.action() == action).count();
    }

    /** Bytes the files that leave take on disk. */
    public long bytesFreed() {
        return decisions.stream().filter(Decision::removes).mapToLong(d -> d.file().size()).sum();
    }

    /** {@code wouldArchive, wouldDelete, bytesFreed, kept}: files archived (then removed), removed without an archive copy. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wouldArchive", count(Action.ARCHIVE));
        m.put("wouldDelete", count(Action.DELETE));
        m.put("bytesFreed", bytesFreed());
        m.put("kept", count(Action.KEEP));
        return m;
    }

    /** The plan as JSON: summary, policy and at most {@code limit} decisions. */
    public Map<String, Object> toJson(int limit) {
        Map<String, Object> m = new LinkedHashMap<>(summary());
        m.put("at", at);
        m.put("policy", policy.describe());
        m.put("items", decisions.stream().limit(limit).map(d -> {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("area", d.file().area().key());
            i.put("path", d.file().relative());
            i.put("episodeId", d.file().episodeId());
            i.put("bytes", d.file().size());
            i.put("action", d.action().name());
            i.put("reason", d.reason());
            return i;
        }).toList());
        return m;
    }
}
