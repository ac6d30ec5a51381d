package io.castwire.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * The environment the manifests give a pod, read the way Spring Boot reads it (environment variables
 * over application.yml, relaxed names): each variable reaches the setting docs/deploy.md says it sets.
 * No Spring context.
 */
class DeployEnvironmentTest {

    private static StandardEnvironment environment(Map<String, String> env) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(env)));
        // a profile's file wins over application.yml, as in Spring Boot
        String profile = env.get("SPRING_PROFILES_ACTIVE");
        if (profile != null) {
            for (PropertySource<?> yaml : new YamlPropertySourceLoader().load("application-" + profile + ".yml",
                    new FileSystemResource("src/main/resources/application-" + profile + ".yml"))) {
                environment.getPropertySources().addLast(yaml);
            }
        }
        for (PropertySource<?> yaml : new YamlPropertySourceLoader().load("application.yml",
                new FileSystemResource("src/main/resources/application.yml"))) {
            environment.getPropertySources().addLast(yaml);
        }
        ConfigurationPropertySources.attach(environment);
        return environment;
    }

    @Test
    void thePodsVariablesReachTheirSettings() throws Exception {
        KubernetesManifestsTest.Rendered prod = KubernetesManifestsTest.render("prod", "java");
        Container c = prod.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = KubernetesManifestsTest.env(prod, c);
        StandardEnvironment spring = environment(env);

        assertThat(spring.getProperty("camel.main.routes-include-pattern"))
                .as("the mounted routes ConfigMap replaces the routes in the jar")
                .isEqualTo(env.get("CASTWIRE_ROUTES_LOCATION")).isEqualTo("file:/etc/castwire/routes/*.camel.yaml");
        assertThat(spring.getProperty("castwire.home")).isEqualTo("/data");
        assertThat(spring.getProperty("spring.quartz.job-store-type")).isEqualTo("jdbc");
        assertThat(spring.getProperty("spring.datasource.url")).isEqualTo(env.get("CASTWIRE_DB_URL"));
        assertThat(spring.getProperty("spring.datasource.username")).isEqualTo(KubernetesManifestsTest.PLACEHOLDER);
        assertThat(spring.getProperty("spring.datasource.password")).isEqualTo(KubernetesManifestsTest.PLACEHOLDER);
        assertThat(spring.getProperty("castwire.admin.password")).isEqualTo(KubernetesManifestsTest.PLACEHOLDER);
        assertThat(spring.getProperty("castwire.public-url")).isEqualTo(env.get("CASTWIRE_PUBLIC_URL"));
        assertThat(spring.getProperty("spring.profiles.active")).isEqualTo("kafka");
        assertThat(spring.getProperty("castwire.backbone.type")).isEqualTo("kafka");
        assertThat(spring.getProperty("castwire.backbone.kafka.bootstrap-servers"))
                .isEqualTo(env.get("CASTWIRE_KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(spring.getProperty("castwire.s3.ingest.bucket")).isEqualTo("castwire-media");
        assertThat(spring.getProperty("castwire.storage.shared.bucket")).isEqualTo(env.get("CASTWIRE_STORAGE_SHARED_BUCKET"));
        assertThat(spring.getProperty("castwire.storage.shared.prefix")).isEqualTo("store/");
        assertThat(spring.getProperty("castwire.s3.region")).isEqualTo(env.get("CASTWIRE_S3_REGION"));
        // the S3 keys are read from the variables castwire.s3.access-key-env / secret-key-env name
        assertThat(env).containsKeys("CASTWIRE_S3_ACCESS_KEY", "CASTWIRE_S3_SECRET_KEY");
        // a route kept off by the ConfigMap (docs/runbook.md): Camel reads {{castwire.routes.<id>.auto-startup}}
        assertThat(environment(Map.of("CASTWIRE_ROUTES_INGEST_FOLDER_POLL_AUTO_STARTUP", "false"))
                .getProperty("castwire.routes.ingest-folder-poll.auto-startup")).isEqualTo("false");
        // the instance id (lease owner) is the pod name, which differs between replicas
        assertThat(env).doesNotContainKey("CASTWIRE_INSTANCE_ID").doesNotContainKey("HOSTNAME");
    }

    @Test
    void withoutTheVariablesTheEmbeddedDefaultsStay() throws Exception {
        StandardEnvironment spring = environment(Map.of());
        assertThat(spring.getProperty("camel.main.routes-include-pattern")).startsWith("classpath:castwire-routes/");
        assertThat(spring.getProperty("spring.quartz.job-store-type")).isEqualTo("memory");
        assertThat(spring.getProperty("spring.datasource.url")).startsWith("jdbc:h2:file:");
    }
}
