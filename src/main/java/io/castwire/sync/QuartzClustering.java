package io.castwire.sync;

import java.sql.Connection;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.quartz.JobStoreType;
import org.springframework.boot.autoconfigure.quartz.QuartzProperties;
import org.springframework.boot.autoconfigure.quartz.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code spring.quartz.job-store-type=jdbc} (set {@code CASTWIRE_SCHEDULER_STORE=jdbc} when
 * running several replicas on one PostgreSQL), Quartz keeps its triggers in the database and runs
 * clustered: each fire of a trigger happens on exactly one instance, and a job's next fire is taken
 * over by another instance when one dies. The embedded default keeps them in memory.
 */
@Configuration(proxyBeanMethods = false)
public class QuartzClustering {

    @Bean
    SchedulerFactoryBeanCustomizer castwireQuartzClustering(QuartzProperties quartz, DataSource dataSource) {
        return factory -> {
            if (quartz.getJobStoreType() != JobStoreType.JDBC) {
                return;
            }
            Properties p = new Properties();
            p.putAll(quartz.getProperties());
            p.putIfAbsent("org.quartz.jobStore.isClustered", "true");
            p.putIfAbsent("org.quartz.jobStore.clusterCheckinInterval", "5000");
            p.putIfAbsent("org.quartz.jobStore.driverDelegateClass", delegate(dataSource));
            p.putIfAbsent("org.quartz.scheduler.instanceId", "AUTO");
            factory.setQuartzProperties(p);
        };
    }

    private static String delegate(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")
                    ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate" : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the Quartz job store needs the database: " + e.getMessage(), e);
        }
    }
}
