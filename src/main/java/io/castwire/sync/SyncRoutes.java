package io.castwire.sync;

import io.castwire.common.HubRouteConfigurations;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Two routes per {@link ScheduledJob}: {@code sync-<name>-schedule}, the Quartz cron trigger
 * (stateful: a run never overlaps the previous one, across the cluster with the JDBC job store,
 * where each fire happens on one node only), hands over to {@code sync-<name>}, which runs the job
 * and records the run. Tests and {@code POST /api/sync/<name>/run} send to {@code direct:sync-<name>}.
 */
@Component
public class SyncRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRoutes.class);

    private final SyncRunner runner;
    private final SyncProperties properties;

    public SyncRoutes(SyncRunner runner, SyncProperties properties) {
        this.runner = runner;
        this.properties = properties;
    }

    public static String routeId(String job) {
        return "sync-" + job;
    }

    public static String scheduleRouteId(String job) {
        return "sync-" + job + "-schedule";
    }

    @Override
    public void configure() {
        for (String configured : properties.getSync().keySet()) {
            if (!configured.equals(SyncProperties.DEFAULT) && runner.job(configured).isEmpty()) {
                LOG.warn("castwire.sync.{} is configured, but there is no job of that name (jobs: {})", configured,
                        runner.jobs().stream().map(ScheduledJob::name).toList());
            }
        }
        for (ScheduledJob job : runner.jobs()) {
            String name = job.name();
            SyncProperties.Schedule schedule = properties.of(job);
            validate(name, schedule.getCron());
            // a cron's spaces travel as '+' in the endpoint URI
            from("quartz:castwire-sync/" + name + "?cron=" + schedule.getCron().replace(' ', '+')
                    + "&stateful=true&usingFixedCamelContextName=true")
                    .routeId(scheduleRouteId(name))
                    .routeConfigurationId(HubRouteConfigurations.SCHEDULED)
                    // its own auto-startup key like every route; castwire.sync.<job>.enabled is its default
                    .autoStartup("{{castwire.routes." + scheduleRouteId(name) + ".auto-startup:" + schedule.isEnabled() + "}}")
                    .to("direct:" + routeId(name));

            from("direct:" + routeId(name))
                    .routeId(routeId(name))
                    .routeConfigurationId(HubRouteConfigurations.SCHEDULED)
                    .autoStartup("{{castwire.routes." + routeId(name) + ".auto-startup:true}}")
                    .bean(SyncRunner.class, "run('" + name + "', ${header.scheduledFireTime})");
        }
    }

    private static void validate(String job, String cron) {
        if (!org.quartz.CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException("castwire.sync." + job + ".cron is not a Quartz cron expression "
                    + "(seconds minutes hours day-of-month month day-of-week [year], e.g. '0 0/15 * * * ?'): " + cron);
        }
    }
}
