package io.castwire.operations.budget;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code castwire.pricing.*}: the price table. {@code items.<item>} is the price of one unit of the
 * item ({@link PricedItem#per()}) for any provider; {@code providers.<provider>.<item>} overrides it
 * for one provider. Local engines ({@code espeak-ng}, {@code freetts}, {@code local}) and the
 * extractive metadata path cost nothing by default.
 */
@ConfigurationProperties(prefix = "castwire.pricing")
public class PricingProperties {

    /** ISO 4217 code the prices and budgets are in. */
    private String currency = "USD";

    private Map<String, BigDecimal> items = new LinkedHashMap<>(Map.of(
            "transcription-minutes", new BigDecimal("0.006"),
            "tts-characters", new BigDecimal("0.015"),
            "llm-tokens", new BigDecimal("0.002"),
            "storage-gb", new BigDecimal("0.023"),
            "egress-gb", new BigDecimal("0.09"),
            "youtube-uploads", new BigDecimal("0.05")));

    private Map<String, Map<String, BigDecimal>> providers = new LinkedHashMap<>(Map.of(
            "espeak-ng", Map.of("tts-characters", BigDecimal.ZERO),
            "freetts", Map.of("tts-characters", BigDecimal.ZERO),
            "local", Map.of("tts-characters", BigDecimal.ZERO, "llm-tokens", BigDecimal.ZERO,
                    "transcription-minutes", BigDecimal.ZERO),
            "extractive", Map.of("llm-tokens", BigDecimal.ZERO),
            "elevenlabs", Map.of("tts-characters", new BigDecimal("0.30")),
            "openai", Map.of("tts-characters", new BigDecimal("0.015"), "llm-tokens", new BigDecimal("0.0006"))));

    public String getCurrency() { return currency; }
    public void setCurrency(String v) { this.currency = v; }
    public Map<String, BigDecimal> getItems() { return items; }
    public void setItems(Map<String, BigDecimal> v) { this.items = v; }
    public Map<String, Map<String, BigDecimal>> getProviders() { return providers; }
    public void setProviders(Map<String, Map<String, BigDecimal>> v) { this.providers = v; }
}
