package io.castwire.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castwire.common.backbone.BackboneProperties;
import io.castwire.common.storage.S3Properties;
import io.castwire.ingest.download.DownloadProperties;
import io.castwire.ingest.rssimport.RssImportProperties;
import io.castwire.ingest.webhook.InboundProperties;
import io.castwire.processing.transcript.TranscriptionProperties;
import io.castwire.publishing.cablecast.CablecastProperties;
import io.castwire.publishing.social.FacebookProperties;
import io.castwire.publishing.social.LinkedinProperties;
import io.castwire.publishing.social.XProperties;
import io.castwire.publishing.webhook.WebhookProperties;
import io.castwire.publishing.wordpress.WordpressProperties;
import io.castwire.publishing.youtube.YoutubeProperties;
import io.castwire.sync.SyncProperties;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Every {@code castwire.*} properties class bound and validated the way the hub does it at start-up,
 * without the hub: one wrong setting per case, and the one line {@link ConfigurationFailureAnalyzer}
 * prints for it.
 */
class ConfigurationValidationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({CastwireProperties.class, BackboneProperties.class, S3Properties.class,
            DownloadProperties.class, RssImportProperties.class, InboundProperties.class, TranscriptionProperties.class,
            CablecastProperties.class, FacebookProperties.class, LinkedinProperties.class, XProperties.class,
            WebhookProperties.class, WordpressProperties.class, YoutubeProperties.class, SyncProperties.class,
            io.castwire.common.storage.SharedStorageProperties.class, io.castwire.common.security.OidcProperties.class,
            io.castwire.operations.budget.BudgetProperties.class, io.castwire.operations.budget.PricingProperties.class,
            io.castwire.operations.budget.TierProperties.class, io.castwire.operations.queue.JobControlProperties.class,
            io.castwire.processing.metadata.MetadataProperties.class})
    @Import(ConfigurationValidation.class)
    static class AllProperties {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(AllProperties.class);

    /** The lines printed when the context with these properties fails to start; empty when it starts. */
    private List<String> lines(String... properties) {
        String[] out = new String[1];
        runner.withPropertyValues(properties).run(context -> {
            if (context.getStartupFailure() == null) {
                out[0] = "";
                return;
            }
            FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
            assertThat(analysis.getAction()).isEqualTo(ConfigurationFailureAnalyzer.ACTION);
            out[0] = analysis.getDescription();
        });
        return out[0].isEmpty() ? List.of() : List.of(out[0].split("\n"));
    }

    @Test
    void theDefaultsStart() {
        assertThat(lines()).isEmpty();
    }

    @Test
    void aNegativeLimitIsNamedWithItsValueAndTheFix() {
        assertThat(lines("castwire.processing.concurrency=-1")).containsExactly(
                "castwire cannot start: castwire.processing.concurrency = -1: must be greater than or equal to 1. "
                        + "Fix: set castwire.processing.concurrency to a value that is greater than or equal to 1, "
                        + "or remove it to use the default");
        assertThat(lines("castwire.publish.x.max-attempts=0")).singleElement().asString()
                .startsWith("castwire cannot start: castwire.publish.x.max-attempts = 0: must be greater than or equal to 1.");
        assertThat(lines("castwire.backbone.kafka.partitions=-3")).singleElement().asString()
                .startsWith("castwire cannot start: castwire.backbone.kafka.partitions = -3: must be greater than or equal to 1.");
    }

    @Test
    void aMalformedUrlIsRefused() {
        assertThat(lines("castwire.publish.linkedin.base-url=htps//api.linkedin.com")).containsExactly(
                "castwire cannot start: castwire.publish.linkedin.base-url = htps//api.linkedin.com: must be an http(s) URL "
                        + "with a host, such as https://example.org. Fix: set castwire.publish.linkedin.base-url to a value that "
                        + "is an http(s) URL with a host, such as https://example.org, or remove it to use the default");
        assertThat(lines("castwire.public-url=localhost:8080")).singleElement().asString()
                .startsWith("castwire cannot start: castwire.public-url = localhost:8080: must be an http(s) URL");
        assertThat(lines("castwire.s3.endpoint=ftp://minio:9000")).singleElement().asString()
                .startsWith("castwire cannot start: castwire.s3.endpoint = ftp://minio:9000: must be an http(s) URL");
        // empty means "off" where the feature is optional
        assertThat(lines("castwire.s3.endpoint=", "castwire.transcription.url=")).isEmpty();
    }

    @Test
    void aDurationThatCannotBeReadOrIsNotPositiveIsRefused() {
        assertThat(lines("castwire.processing.lease=5 minutes")).containsExactly(
                "castwire cannot start: castwire.processing.lease = 5 minutes: cannot be read as a duration such as 500ms, 30s, "
                        + "5m or 1h (or ISO-8601 PT30S). Fix: set castwire.processing.lease to a duration such as 500ms, 30s, "
                        + "5m or 1h (or ISO-8601 PT30S)");
        assertThat(lines("castwire.processing.outbox-interval=0s")).containsExactly(
                "castwire cannot start: castwire.processing.outbox-interval = PT0S: must be more than zero (a duration such as "
                        + "500ms, 30s, 5m or 1h). Fix: set castwire.processing.outbox-interval to a value that is more than zero "
                        + "(a duration such as 500ms, 30s, 5m or 1h), or remove it to use the default");
        assertThat(lines("castwire.webhooks.backoff=-5s")).singleElement().asString()
                .startsWith("castwire cannot start: castwire.webhooks.backoff = PT-5S: must be more than zero");
        // zero is a valid wait where the key allows it
        assertThat(lines("castwire.ingest.transcript-wait=0s")).isEmpty();
        assertThat(lines("castwire.storage.quota=0MB")).singleElement().asString()
                .startsWith("castwire cannot start: castwire.storage.quota = 0B: must be more than zero (a size such as");
    }

    @Test
    void closedSetsAreChecked() {
        assertThat(lines("castwire.backbone.type=rabbit")).singleElement().asString()
                .isEqualTo("castwire cannot start: castwire.backbone.type = rabbit: cannot be read as one of seda, kafka. "
                        + "Fix: set castwire.backbone.type to one of seda, kafka");
        assertThat(lines("castwire.publish.youtube.privacy-status=secret")).singleElement().asString()
                .startsWith("castwire cannot start: castwire.publish.youtube.privacy-status = secret: must be public, unlisted or private.");
        assertThat(lines("castwire.clips.profiles=default,snapchat")).containsExactly(
                "castwire cannot start: castwire.clips: castwire.clips.profiles must name built-in profiles only: default, tiktok, "
                        + "youtube-shorts, instagram-reels, linkedin. Fix: change the castwire.clips.* settings so that this holds");
        assertThat(lines("castwire.sync.cablecast-shows.cron=every 5 minutes")).singleElement().asString()
                .startsWith("castwire cannot start: castwire.sync.cablecast-shows.cron = every 5 minutes: must be empty or a Quartz cron");
    }

    @Test
    void anEnabledDestinationWithoutItsCredentialStopsStartUp() {
        assertThat(lines("castwire.publish.x.enabled=true", "castwire.publish.x.token-env=CASTWIRE_TEST_UNSET_X_TOKEN"))
                .containsExactly("castwire cannot start: castwire.publish.x.token-env = CASTWIRE_TEST_UNSET_X_TOKEN: "
                        + "castwire.publish.x is enabled, but the environment variable CASTWIRE_TEST_UNSET_X_TOKEN it names is not "
                        + "set (or empty). Fix: set CASTWIRE_TEST_UNSET_X_TOKEN in the hub's environment (or name another variable "
                        + "here), or set castwire.publish.x.enabled=false");
        // set but blank counts as unset
        assertThat(lines("castwire.publish.x.enabled=true", "castwire.publish.x.token-env=CASTWIRE_TEST_X", "CASTWIRE_TEST_X= "))
                .hasSize(1);
        // set: starts; disabled: nothing is required
        assertThat(lines("castwire.publish.x.enabled=true", "castwire.publish.x.token-env=CASTWIRE_TEST_X", "CASTWIRE_TEST_X=t0k"))
                .isEmpty();
        assertThat(lines("castwire.publish.x.token-env=CASTWIRE_TEST_UNSET_X_TOKEN")).isEmpty();
        // a destination's site is required too, and every missing piece is listed
        assertThat(lines("castwire.publish.cablecast.enabled=true", "castwire.publish.cablecast.password-env=CASTWIRE_TEST_UNSET_CC"))
                .containsExactlyInAnyOrder(
                        "castwire cannot start: castwire.publish.cablecast.base-url = \"\": must be set because castwire.publish.cablecast "
                                + "is enabled. Fix: set castwire.publish.cablecast.base-url, or set castwire.publish.cablecast.enabled=false",
                        "castwire cannot start: castwire.publish.cablecast.user = \"\": must be set because castwire.publish.cablecast "
                                + "is enabled. Fix: set castwire.publish.cablecast.user, or set castwire.publish.cablecast.enabled=false",
                        "castwire cannot start: castwire.publish.cablecast.password-env = CASTWIRE_TEST_UNSET_CC: castwire.publish.cablecast "
                                + "is enabled, but the environment variable CASTWIRE_TEST_UNSET_CC it names is not set (or empty). Fix: set "
                                + "CASTWIRE_TEST_UNSET_CC in the hub's environment (or name another variable here), or set "
                                + "castwire.publish.cablecast.enabled=false");
        assertThat(lines("castwire.publish.youtube.enabled=true", "castwire.publish.youtube.client-id-env=YT_ID", "YT_ID=id",
                "castwire.publish.youtube.client-secret-env=YT_SECRET", "YT_SECRET=s",
                "castwire.publish.youtube.token-key-env=CASTWIRE_TEST_UNSET_YT_KEY"))
                .singleElement().asString().startsWith("castwire cannot start: castwire.publish.youtube.token-key-env = CASTWIRE_TEST_UNSET_YT_KEY:");
        assertThat(lines("castwire.webhooks.subscribers[0].name=crm", "castwire.webhooks.subscribers[0].url=https://hooks.example.org/x",
                "castwire.webhooks.subscribers[0].events=*", "castwire.webhooks.subscribers[0].secret-env=CASTWIRE_TEST_UNSET_CRM"))
                .singleElement().asString().startsWith("castwire cannot start: castwire.webhooks.subscribers[0].secret-env = "
                        + "CASTWIRE_TEST_UNSET_CRM: webhook subscriber 'crm' is enabled, but the environment variable");
    }

    @Test
    void theBudgetJobControlAndMetadataSettingsAreCheckedToo() {
        assertThat(lines("castwire.tiers.pro.max-episode-minutes=0")).singleElement().asString()
                .startsWith("castwire cannot start: castwire.tiers.pro.max-episode-minutes = 0: must be greater than or equal to 1.");
        assertThat(lines("castwire.tiers.free.monthly-budget=-5")).singleElement().asString()
                .startsWith("castwire cannot start: castwire.tiers.free.monthly-budget = -5: must not be negative.");
        assertThat(lines("castwire.budget.default-tier=gold")).singleElement().asString()
                .startsWith("castwire cannot start: castwire.budget.default-tier = gold: must be free, pro or pro-plus.");
        assertThat(lines("castwire.pricing.items.llm-tokens=-0.1")).singleElement().asString()
                .startsWith("castwire cannot start: castwire.pricing: castwire.pricing.items.* and castwire.pricing.providers.*.* must be");
        assertThat(lines("castwire.limits.lease=0s")).singleElement().asString()
                .startsWith("castwire cannot start: castwire.limits.lease = PT0S: must be more than zero");
        assertThat(lines("castwire.metadata.provider=gemini", "castwire.metadata.api-key-env=CASTWIRE_TEST_UNSET_LLM_KEY"))
                .containsExactly("castwire cannot start: castwire.metadata.api-key-env = CASTWIRE_TEST_UNSET_LLM_KEY: "
                        + "castwire.metadata.provider is gemini, but the environment variable CASTWIRE_TEST_UNSET_LLM_KEY it names "
                        + "is not set (or empty). Fix: set CASTWIRE_TEST_UNSET_LLM_KEY in the hub's environment (or name another "
                        + "variable here), or set castwire.metadata.provider=none (extractive metadata only)");
        assertThat(lines("castwire.metadata.provider=gemini", "castwire.metadata.api-key-env=LLM_KEY", "LLM_KEY=k")).isEmpty();
    }

    @Test
    void aSecretValueIsNeverEchoed() {
        List<String> out = lines("castwire.transcription.api-key=sk-live-DO-NOT-PRINT with a space");
        assertThat(out).containsExactly("castwire cannot start: castwire.transcription.api-key = [secret]: must be one word of "
                + "printable characters (no spaces or line breaks). Fix: set castwire.transcription.api-key to a value that is one "
                + "word of printable characters (no spaces or line breaks), or remove it to use the default");
        assertThat(String.join("\n", out)).doesNotContain("sk-live");
        assertThat(ConfigurationViolation.isSecret("castwire.admin.password")).isTrue();
        assertThat(ConfigurationViolation.isSecret("castwire.oidc.client-secret")).isTrue();
        assertThat(ConfigurationViolation.isSecret("castwire.publish.x.token-env")).as("names a variable").isFalse();
    }

    @Test
    void anUnknownProfileStopsStartUpAndAKnownOneDoesNot() {
        assertThatThrownBy(() -> start("kafak")).isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
            FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(e);
            assertThat(analysis.getDescription()).isEqualTo("castwire cannot start: spring.profiles.active = kafak: profile 'kafak' "
                    + "is not one of castwire's profiles (kafka). Fix: remove 'kafak' from spring.profiles.active "
                    + "(SPRING_PROFILES_ACTIVE), or add an application-kafak.yml, or list it in castwire.profiles.extra if it "
                    + "only switches beans on");
        });
        start("kafka").close();
        startWith("staging", "--castwire.profiles.extra=staging").close();
    }

    @Test
    void theAnalyzerAndTheProfileCheckAreRegistered() {
        List<String> analyzers = SpringFactoriesLoader.loadFactoryNames(FailureAnalyzer.class, getClass().getClassLoader());
        assertThat(analyzers).contains(ConfigurationFailureAnalyzer.class.getName());
        assertThat(SpringFactoriesLoader.loadFactoryNames(org.springframework.boot.env.EnvironmentPostProcessor.class,
                getClass().getClassLoader())).contains(ProfileCheck.class.getName());
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }

    private static ConfigurableApplicationContext start(String profile) {
        return startWith(profile);
    }

    private static ConfigurableApplicationContext startWith(String profile, String... args) {
        return new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE).logStartupInfo(false)
                .profiles(profile).run(args);
    }
}
