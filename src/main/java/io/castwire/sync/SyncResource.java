package io.castwire.sync;

import io.castwire.common.ConflictException;
import io.castwire.common.NotFoundException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The scheduled jobs for admins: {@code GET /api/sync} (each job's cron, next fire time and last
 * run), {@code GET /api/sync/{job}/runs}, and {@code POST /api/sync/{job}/run} to run one now
 * (202: it runs in the background and is recorded like a scheduled run).
 */
@RestController
public class SyncResource {

    private final SyncRunner runner;
    private final SyncRuns runs;
    private final SyncProperties properties;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final Scheduler scheduler;

    public SyncResource(SyncRunner runner, SyncRuns runs, SyncProperties properties, CamelContext camel,
                        ProducerTemplate producer, Scheduler scheduler) {
        this.runner = runner;
        this.runs = runs;
        this.properties = properties;
        this.camel = camel;
        this.producer = producer;
        this.scheduler = scheduler;
    }

    @GetMapping("/api/sync")
    public List<Map<String, Object>> jobs() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ScheduledJob job : runner.jobs()) {
            SyncProperties.Schedule s = properties.of(job);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", job.name());
            m.put("cron", s.getCron());
            m.put("enabled", s.isEnabled());
            ServiceStatus status = camel.getRouteController().getRouteStatus(SyncRoutes.scheduleRouteId(job.name()));
            m.put("scheduleRoute", Map.of("id", SyncRoutes.scheduleRouteId(job.name()),
                    "status", status == null ? "Unknown" : status.name()));
            m.put("nextRunAt", nextFire(job.name()));
            m.put("lastRun", runs.recent(job.name(), 1).stream().findFirst().orElse(null));
            out.add(m);
        }
        return out;
    }

    @GetMapping("/api/sync/{job}/runs")
    public List<SyncRuns.Run> runs(@PathVariable String job, @RequestParam(defaultValue = "20") int limit) {
        known(job);
        return runs.recent(job, Math.max(1, Math.min(limit, 200)));
    }

    @PostMapping("/api/sync/{job}/run")
    public ResponseEntity<Map<String, Object>> runNow(@PathVariable String job) {
        known(job);
        if (camel.getRouteController().getRouteStatus(SyncRoutes.routeId(job)) != ServiceStatus.Started) {
            throw new ConflictException("the route " + SyncRoutes.routeId(job) + " is stopped; start it to run " + job);
        }
        producer.asyncSendBody("direct:" + SyncRoutes.routeId(job), null);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("job", job, "status", "started",
                "runs", "/api/sync/" + job + "/runs"));
    }

    private void known(String job) {
        if (runner.job(job).isEmpty()) {
            throw new NotFoundException("no scheduled job named '" + job + "'");
        }
    }

    private Date nextFire(String job) {
        try {
            // camel-quartz names the trigger after the endpoint path: group castwire-sync, name <job>
            Trigger t = scheduler.getTrigger(TriggerKey.triggerKey(job, "castwire-sync"));
            return t == null ? null : t.getNextFireTime();
        } catch (SchedulerException e) {
            return null;
        }
    }
}
