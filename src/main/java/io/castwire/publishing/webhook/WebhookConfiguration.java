package io.castwire.publishing.webhook;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The SSRF guard and the HTTP client of outbound webhooks, built from {@code castwire.webhooks.*}. */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

    @Bean
    public SsrfGuard webhookSsrfGuard(WebhookProperties properties) {
        return new SsrfGuard(properties.getAllowHosts(), properties.getAllowNetworks(), SsrfGuard.SYSTEM);
    }

    @Bean(destroyMethod = "close")
    public GuardedHttpClient webhookHttpClient(SsrfGuard webhookSsrfGuard, WebhookProperties properties) {
        return new GuardedHttpClient(webhookSsrfGuard, properties.getConnectTimeout(), properties.getRequestTimeout(),
                (int) Math.min(Integer.MAX_VALUE, properties.getMaxResponseSize().toBytes()), properties.getUserAgent());
    }
}
