package io.castwire.ingest.rssimport;

import io.castwire.publishing.rss.ItemGuidSource;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** An imported episode's guid from its old feed, for castwire's own feed item. */
@Component
public class ImportedItemGuids implements ItemGuidSource {

    private final RssImportLedger ledger;

    public ImportedItemGuids(RssImportLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Optional<String> guidFor(long episodeId) {
        return ledger.importedGuid(episodeId);
    }
}
