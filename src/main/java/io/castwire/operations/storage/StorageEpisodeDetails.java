package io.castwire.operations.storage;

import io.castwire.episode.EpisodeDetails;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The {@code storage} section of {@code GET /api/episodes/{id}} (admins): the episode's files the
 * lifecycle archived or removed, with where each copy is, so a removed file can be found and put
 * back by hand. Absent while nothing of the episode was touched.
 */
@Component
public class StorageEpisodeDetails implements EpisodeDetails {

    private final StorageLedger ledger;

    public StorageEpisodeDetails(StorageLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public String key() {
        return "storage";
    }

    @Override
    public Object of(long episodeId) {
        List<StorageLedger.Action> actions = ledger.ofEpisode(episodeId);
        if (actions.isEmpty()) {
            return null;
        }
        Map<String, Map<String, Object>> files = new LinkedHashMap<>();
        for (StorageLedger.Action a : actions) {
            Map<String, Object> f = files.computeIfAbsent(a.path(), p -> new LinkedHashMap<>());
            f.put("path", a.path());
            f.put("area", a.area());
            if (a.archivedAs() != null) {
                f.put("archived", a.archivedAs());
            }
            f.put(a.action().equals(StorageLedger.DELETED) ? "removedAt" : "archivedAt", a.at());
            f.put("sha256", a.sha256());
            f.put("reason", a.reason());
        }
        return Map.of("files", List.copyOf(files.values()));
    }
}
