package io.castwire.operations.health;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.operations.storage.StorageGuard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import io.castwire.publishing.delivery.DestinationsHealth;
import org.springframework.stereotype.Component;

/**
 * Health component {@code storage}, part of readiness: DOWN when {@code castwire.home} cannot be
 * written (nothing can be taken or processed); DEGRADED (still ready: feeds and media are served)
 * when the disk is below {@code castwire.storage.min-free-disk} or the quota is used up, because new
 * files are then quarantined; UP otherwise, with a warning from {@code castwire.health.quota-warn-percent}.
 */
@Component("storageHealthIndicator")
public class StorageHealthIndicator implements HealthIndicator {

    private final HubPaths paths;
    private final StorageGuard guard;
    private final CastwireProperties properties;
    private final HealthProperties health;

    public StorageHealthIndicator(HubPaths paths, StorageGuard guard, CastwireProperties properties, HealthProperties health) {
        this.paths = paths;
        this.guard = guard;
        this.properties = properties;
        this.health = health;
    }

    @Override
    public Health health() {
        try {
            Path probe = Files.createTempFile(paths.work(), ".health-", ".tmp");
            Files.delete(probe);
        } catch (IOException | RuntimeException e) {
            return Health.down().withDetail("home", paths.home().toString())
                    .withDetail("reason", "castwire.home is not writable: " + e.getMessage()).build();
        }
        long free;
        try {
            free = Files.getFileStore(paths.media()).getUsableSpace();
        } catch (IOException e) {
            return Health.down().withDetail("reason", "cannot read the free disk space: " + e.getMessage()).build();
        }
        long reserve = properties.getStorage().getMinFreeDisk().toBytes();
        long quota = properties.getStorage().getQuota().toBytes();
        long used = guard.usedBytes();
        double percent = quota == 0 ? 100.0 : Math.round(used * 1000.0 / quota) / 10.0;
        Health.Builder b;
        if (free < reserve) {
            b = Health.status(DestinationsHealth.DEGRADED).withDetail("reason", "disk below castwire.storage.min-free-disk ("
                    + StorageGuard.human(free) + " free): new files are quarantined as DISK_FULL");
        } else if (used >= quota) {
            b = Health.status(DestinationsHealth.DEGRADED).withDetail("reason", "storage quota used up ("
                    + StorageGuard.human(used) + " of " + StorageGuard.human(quota) + "): new files are quarantined as QUOTA_EXCEEDED");
        } else {
            b = Health.up();
            if (percent >= health.getQuotaWarnPercent()) {
                b.withDetail("warning", "storage quota " + percent + " % used");
            }
        }
        return b.withDetail("writable", true).withDetail("diskFreeBytes", free).withDetail("minFreeDiskBytes", reserve)
                .withDetail("quotaBytes", quota).withDetail("usedBytes", used).withDetail("usedPercent", percent).build();
    }
}
