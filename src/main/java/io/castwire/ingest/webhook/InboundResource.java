package io.castwire.ingest.webhook;

import io.castwire.common.ConflictException;
import io.castwire.common.NotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin view of inbound webhook events: where one stands, and a new start for a FAILED one. */
@RestController
@RequestMapping("/api/inbound")
public class InboundResource {

    private final InboundEvents events;
    private final InboundReceiver receiver;

    public InboundResource(InboundEvents events, InboundReceiver receiver) {
        this.events = events;
        this.receiver = receiver;
    }

    /** Status, attempts, timestamps, the episode (DONE) or the error (FAILED, or the last failed attempt). */
    @GetMapping("/{id}")
    public Map<String, Object> get(@PathVariable long id) {
        return view(events.find(id).orElseThrow(() -> new NotFoundException("no inbound event " + id)));
    }

    /** Runs a FAILED event again from its stored payload, attempts counted from zero. */
    @PostMapping("/{id}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Map<String, Object> retry(@PathVariable long id) {
        InboundEvents.InboundEvent e = events.find(id).orElseThrow(() -> new NotFoundException("no inbound event " + id));
        if (!events.resubmit(id)) {
            throw new ConflictException("inbound event " + id + " is " + e.status() + "; only a FAILED event can be retried");
        }
        return view(events.find(id).orElseThrow());
    }

    private Map<String, Object> view(InboundEvents.InboundEvent e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", e.id());
        v.put("source", e.source());
        v.put("webhookId", e.webhookId());
        v.put("type", e.type());
        v.put("status", e.status().name());
        v.put("attempts", e.attempts());
        v.put("episodeId", e.episodeId());
        v.put("detail", e.detail());
        v.put("error", e.error());
        v.put("receivedAt", e.receivedAt());
        v.put("updatedAt", e.updatedAt());
        v.put("nextAttemptAt", e.status() == InboundEvents.Status.ACCEPTED ? e.nextAttemptAt() : null);
        v.put("finishedAt", e.finishedAt());
        v.put("statusUrl", receiver.statusUrl(e.id()));
        return v;
    }
}
