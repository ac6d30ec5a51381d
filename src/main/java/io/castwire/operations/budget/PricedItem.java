package io.castwire.operations.budget;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * What the price table prices, each in its own unit: a price in {@code castwire.pricing.*} is for
 * {@link #per()} of the item (per minute, per 1,000 characters, per 1,000 tokens, per GB, per upload).
 */
public enum PricedItem {
    TRANSCRIPTION_MINUTES("transcription-minutes", 1, "minute"),
    TTS_CHARACTERS("tts-characters", 1000, "1,000 characters"),
    LLM_TOKENS("llm-tokens", 1000, "1,000 tokens"),
    STORAGE_GB("storage-gb", 1, "GB"),
    EGRESS_GB("egress-gb", 1, "GB"),
    YOUTUBE_UPLOADS("youtube-uploads", 1, "upload");

    private final String key;
    private final BigDecimal per;
    private final String unit;

    PricedItem(String key, int per, String unit) {
        this.key = key;
        this.per = BigDecimal.valueOf(per);
        this.unit = unit;
    }

    /** The name in the price table and in {@link PaidUse#item()}. */
    public String key() {
        return key;
    }

    /** How much of the item one price is for. */
    public BigDecimal per() {
        return per;
    }

    /** The unit a price is for, in words. */
    public String unit() {
        return unit;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(PricedItem::key).toList();
    }

    /**
     * The item with this name.
     *
     * @throws IllegalArgumentException for a name the price table does not know
     */
    public static PricedItem of(String key) {
        return Arrays.stream(values()).filter(i -> i.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown priced item '" + key + "' (known: " + keys() + ")"));
    }
}
