package io.castwire.sync;

import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The schedules of the hub's jobs, {@code castwire.sync.<job>.cron} and
 * {@code castwire.sync.<job>.enabled}. A job without an entry runs on its own default cron.
 */
@Validated
@ConfigurationProperties(prefix = "castwire")
public class SyncProperties {

    /** Per job name ({@code cablecast-shows}, {@code youtube-analytics}, {@code storage-cleanup}, ...). */
    @Valid
    private final Map<String, Schedule> sync = new LinkedHashMap<>();

    /** One job's schedule. */
    public static class Schedule {
        /** Quartz cron expression (seconds first), e.g. {@code 0 0/15 * * * ?}; empty: the job's default. */
        @jakarta.validation.constraints.NotNull
        @io.castwire.common.QuartzCron
        private String cron = "";
        /** Off: the trigger route does not start; the job still runs on demand (POST /api/sync/{job}/run). */
        private boolean enabled = true;

        public String getCron() {
            return cron;
        }

        public void setCron(String cron) {
            this.cron = cron;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    public Map<String, Schedule> getSync() {
        return sync;
    }

    /** The entry that applies to every job without its own ({@code castwire.sync.default.cron}). */
    public static final String DEFAULT = "default";

    /** The schedule of a job: its own entry, else the {@code default} entry, else the job's own default cron. */
    public Schedule of(ScheduledJob job) {
        Schedule own = sync.get(job.name());
        Schedule all = sync.get(DEFAULT);
        Schedule s = new Schedule();
        s.setCron(hasCron(own) ? own.getCron().trim() : hasCron(all) ? all.getCron().trim() : job.defaultCron());
        s.setEnabled((own == null || own.isEnabled()) && (all == null || all.isEnabled()));
        return s;
    }

    private static boolean hasCron(Schedule s) {
        return s != null && s.getCron() != null && !s.getCron().isBlank();
    }
}
