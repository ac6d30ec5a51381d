package io.castwire.operations.deadletter;

import io.castwire.common.ConflictException;
import io.castwire.common.NotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/dead-letters} (what failed for good: destination, cause, attempts, the original
 * payload) and {@code POST /api/dead-letters/{id}/replay} (send it again; the ledger still keeps
 * anything from going out twice).
 */
@RestController
public class DeadLetterResource {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterResource.class);

    private final DeadLetters deadLetters;
    private final List<Replayer> replayers;

    private final org.springframework.transaction.support.TransactionTemplate tx;

    public DeadLetterResource(DeadLetters deadLetters, ObjectProvider<Replayer> replayers,
                              org.springframework.transaction.support.TransactionTemplate tx) {
        this.tx = tx;
        this.deadLetters = deadLetters;
        this.replayers = replayers.orderedStream().toList();
    }

    @GetMapping("/api/dead-letters")
    public Map<String, Object> list(@RequestParam(required = false) String destination,
                                    @RequestParam(defaultValue = "false") boolean open,
                                    @RequestParam(defaultValue = "50") int limit,
                                    @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > 500 || offset < 0) {
            throw new IllegalArgumentException("limit must be 1..500 and offset at least 0");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", deadLetters.list(destination, open, limit, offset).stream().map(DeadLetterResource::view).toList());
        body.put("openByDestination", deadLetters.openCounts());
        return body;
    }

    @GetMapping("/api/dead-letters/{id}")
    public Map<String, Object> one(@PathVariable long id) {
        return view(deadLetters.find(id).orElseThrow(() -> new NotFoundException("no dead letter " + id)));
    }

    @PostMapping("/api/dead-letters/{id}/replay")
    public Map<String, Object> replay(@PathVariable long id, Authentication who) {
        Replayer.DeadLetter letter = deadLetters.find(id).orElseThrow(() -> new NotFoundException("no dead letter " + id));
        if (letter.replayedAt() != null) {
            throw new ConflictException("dead letter " + id + " was already replayed at " + letter.replayedAt()
                    + "; if it failed again, it has a newer dead letter");
        }
        String key = letter.destination() == null ? "processing" : letter.destination();
        Replayer replayer = replayers.stream().filter(r -> r.handles(key)).findFirst()
                .orElseThrow(() -> new ConflictException("dead letters of '" + key + "' cannot be replayed"));
        // marked and queued again together: a replay that fails (409, the database away) keeps the letter open
        String what = tx.execute(status -> {
            if (!deadLetters.markReplayed(id)) {
                throw new ConflictException("dead letter " + id + " is being replayed by another request");
            }
            return replayer.replay(letter);
        });
        LOG.info("Dead letter {} ({}) replayed by {}: {}", id, key, who == null ? "unknown" : who.getName(), what);
        Map<String, Object> body = view(deadLetters.find(id).orElseThrow());
        body.put("replay", what);
        return body;
    }

    private static Map<String, Object> view(Replayer.DeadLetter d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("destination", d.destination() == null ? "processing" : d.destination());
        m.put("routeId", d.routeId());
        m.put("episodeId", d.episodeId());
        m.put("refId", d.refId());
        m.put("cause", d.cause());
        m.put("attempts", d.attempts());
        m.put("payload", d.payload());
        m.put("createdAt", d.createdAt());
        m.put("replayedAt", d.replayedAt());
        return m;
    }
}
