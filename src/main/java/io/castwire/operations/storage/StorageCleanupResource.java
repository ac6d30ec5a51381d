package io.castwire.operations.storage;

import io.castwire.common.CastwireProperties;
import io.castwire.sync.SyncResource;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/storage/cleanup}: runs the {@code storage-cleanup} job now (202, recorded in
 * {@code /api/sync/storage-cleanup/runs} like a scheduled run), or with {@code dryRun=true} answers
 * what it would do, file by file, without touching anything. {@code GET /api/storage/actions}: what
 * the lifecycle archived and removed, newest first.
 */
@RestController
public class StorageCleanupResource {

    private final RetentionPlanner planner;
    private final Archives archives;
    private final CastwireProperties properties;
    private final SyncResource jobs;
    private final StorageLedger ledger;

    public StorageCleanupResource(RetentionPlanner planner, Archives archives, CastwireProperties properties,
                                  SyncResource jobs, StorageLedger ledger) {
        this.planner = planner;
        this.archives = archives;
        this.properties = properties;
        this.jobs = jobs;
        this.ledger = ledger;
    }

    @PostMapping("/api/storage/cleanup")
    public ResponseEntity<Map<String, Object>> cleanup(@RequestParam(defaultValue = "false") boolean dryRun,
                                                       @RequestParam(defaultValue = "500") int limit) throws IOException {
        if (!dryRun) {
            return jobs.runNow(StorageCleanupJob.NAME);
        }
        RetentionPlan plan = planner.plan(RetentionPolicy.of(properties, archives.configured().orElse(null)));
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("dryRun", true);
        body.putAll(plan.toJson(Math.max(0, Math.min(limit, 5000))));
        return ResponseEntity.ok(body);
    }

    @GetMapping("/api/storage/actions")
    public java.util.List<StorageLedger.Action> actions(@RequestParam(defaultValue = "100") int limit) {
        return ledger.recent(Math.max(1, Math.min(limit, 1000)));
    }
}
