package io.castwire.ingest.folder;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.ingest.IngestOutcome;
import io.castwire.processing.ProcessingRoutes;
import io.castwire.support.HubTest;
import io.castwire.support.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Route;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.FilterDefinition;
import org.junit.jupiter.api.Test;

/**
 * The ingest route by its id: its outcome for each file, and the hand-off of due episodes to
 * processing. AdviceWith only adds a mock tap; the hub's own beans do all the work.
 */
class FolderIngestAdviceTest extends HubTest {

    private static boolean advised;

    private MockEndpoint tap() throws Exception {
        synchronized (FolderIngestAdviceTest.class) {
            if (!advised) {
                AdviceWith.adviceWith(camel, FolderIngestRoutes.ROUTE_ID,
                        a -> a.weaveByType(FilterDefinition.class).before().to("mock:ingest-outcome"));
                advised = true;
            }
        }
        MockEndpoint mock = camel.getEndpoint("mock:ingest-outcome", MockEndpoint.class);
        mock.reset();
        return mock;
    }

    @Test
    void everyInboxFileGivesOneOutcomeAndDueEpisodesGoToProcessing() throws Exception {
        MockEndpoint outcomes = tap();
        Path show = showInbox("advice");
        Files.writeString(show.resolve("ep.srt"), TestMedia.srt(3));
        outcomes.expectedMessageCount(1);
        outcomes.assertIsSatisfied(30_000);
        assertThat(outcomes.getExchanges().get(0).getMessage().getBody(IngestOutcome.class).result())
                .isEqualTo(IngestOutcome.Result.PENDING);

        outcomes.reset();
        outcomes.expectedMessageCount(2);
        NotifyBuilder processed = new NotifyBuilder(camel).fromRoute(ProcessingRoutes.RUN).whenCompleted(1).create();
        Files.copy(TestMedia.mp3(2), show.resolve("ep.mp3"));
        Files.writeString(show.resolve("junk.exe"), "MZ");
        outcomes.assertIsSatisfied(30_000);
        assertThat(outcomes.getExchanges()).extracting(x -> x.getMessage().getBody(IngestOutcome.class).result())
                .containsExactlyInAnyOrder(IngestOutcome.Result.REGISTERED, IngestOutcome.Result.QUARANTINED);
        IngestOutcome registered = outcomes.getExchanges().stream().map(x -> x.getMessage().getBody(IngestOutcome.class))
                .filter(o -> o.result() == IngestOutcome.Result.REGISTERED).findFirst().orElseThrow();
        assertThat(registered.dueNow()).as("its transcript was already there").isTrue();
        assertThat(processed.matches(30, TimeUnit.SECONDS)).isTrue();
        awaitEpisodes(show.getFileName().toString(), 1, "PUBLISHED");
    }

    @Test
    void everyRouteCanBeSwitchedOffByItsOwnAutoStartupKey() {
        var routes = ((org.apache.camel.model.ModelCamelContext) camel).getRouteDefinitions();
        assertThat(routes).isNotEmpty().allSatisfy(r -> assertThat(r.getAutoStartup())
                .as(r.getRouteId()).isEqualTo("{{castwire.routes." + r.getRouteId() + ".auto-startup:true}}"));
    }

    @Test
    void everyRouteHasAnExplicitKebabCaseId() {
        assertThat(camel.getRoutes()).extracting(Route::getRouteId)
                .contains("ingest-folder-poll", "ingest-sidecar-sweep", "processing-outbox-poll", "processing-episode-run")
                .allSatisfy(id -> assertThat(id).matches("[a-z][a-z0-9]*(-[a-z0-9]+)+"));
    }
}
