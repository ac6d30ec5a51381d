package io.castwire.common;

import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.springframework.stereotype.Component;

/**
 * Keeps headers from outside from steering Camel: {@code Camel*} in any case (CamelHttpUri,
 * CamelExecCommandArgs, cAmElBeanMethodName, ...), {@code org.apache.camel.*} and {@code kafka.*}
 * are removed at every ingress. Use it as a processor first thing in an ingress route, or as the
 * {@link HeaderFilterStrategy} of an inbound endpoint.
 */
@Component
public class InboundHeaderFilter implements Processor {

    /** Whether a header with this name may come from an external source. */
    public boolean isAllowed(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return !(lower.startsWith("camel") || lower.startsWith("org.apache.camel") || lower.startsWith("kafka."));
    }

    /** Removes every header an external source may not set. */
    public void strip(Map<String, Object> headers) {
        headers.keySet().removeIf(name -> !isAllowed(name));
    }

    @Override
    public void process(Exchange exchange) {
        strip(exchange.getMessage().getHeaders());
    }

    /** The same rule as a header filter strategy for consumers that map external headers. */
    public HeaderFilterStrategy asStrategy() {
        DefaultHeaderFilterStrategy strategy = new DefaultHeaderFilterStrategy() {
            @Override
            public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
                return !isAllowed(headerName) || super.applyFilterToExternalHeaders(headerName, headerValue, exchange);
            }
        };
        strategy.setLowerCase(true);
        strategy.setInFilterStartsWith(DefaultHeaderFilterStrategy.CAMEL_FILTER_STARTS_WITH);
        strategy.setOutFilterStartsWith(DefaultHeaderFilterStrategy.CAMEL_FILTER_STARTS_WITH);
        return strategy;
    }
}
