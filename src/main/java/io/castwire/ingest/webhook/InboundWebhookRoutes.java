package io.castwire.ingest.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.HubRouteConfigurations;
import io.castwire.common.InboundHeaderFilter;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Inbound webhooks. {@code ingest-webhook-receive} answers {@code POST /webhooks/{source}}
 * (platform-http on Boot's servlet container): no header or query parameter from outside ever
 * stays on the exchange (the endpoint's header filter drops {@code Camel*}/{@code kafka.*}, then
 * the route keeps only the signature headers it reads and removes every header). The database is
 * the queue: an accepted event is offered to the worker at once, and {@code
 * ingest-webhook-outbox-poll} finds anything due (retries, a crashed worker's lease) again.
 */
@Component
public class InboundWebhookRoutes extends RouteBuilder {

    public static final String RECEIVE = "ingest-webhook-receive";
    public static final String POLL = "ingest-webhook-outbox-poll";
    public static final String PROCESS = "ingest-webhook-process";
    static final String ANSWER = "CastwireInboundAnswer";

    private final InboundProperties properties;
    private final ObjectMapper json;

    public InboundWebhookRoutes(InboundProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.json = json;
    }

    /** The header filter of the inbound endpoint (external headers and query parameters). */
    @Bean
    public static HeaderFilterStrategy inboundHeaderFilterStrategy(InboundHeaderFilter filter) {
        return filter.asStrategy();
    }

    @Override
    public void configure() {
        String queue = "seda:" + PROCESS + "?size=" + properties.getQueueSize() * 2;

        from("platform-http:/webhooks/{source}?httpMethodRestrict=POST&headerFilterStrategy=#inboundHeaderFilterStrategy")
                .routeId(RECEIVE)
                .autoStartup("{{castwire.routes.ingest-webhook-receive.auto-startup:true}}")
                .onException(Exception.class)
                    .handled(true)
                    .log(LoggingLevel.ERROR, "Inbound webhook failed: ${exception.stacktrace}")
                    .process(this::internalError)
                .end()
                .bean(InboundHeaderFilter.class)
                .process(InboundWebhookRoutes::toRequest)
                .bean(InboundReceiver.class, "receive")
                .setProperty(ANSWER, body())
                .filter(simple("${body.status} == 202"))
                    .setBody(simple("${body.body[id]}"))
                    // the fast path; a full queue or a crash before the worker runs is covered by the poll
                    .to(ExchangePattern.InOnly, queue + "&discardWhenFull=true")
                .end()
                .process(this::respond);

        from("timer:" + POLL + "?delay=2000&period=" + properties.getPollInterval().toMillis())
                .routeId(POLL)
                .routeConfigurationId(HubRouteConfigurations.SCHEDULED)
                .autoStartup("{{castwire.routes.ingest-webhook-outbox-poll.auto-startup:true}}")
                .bean(InboundWorker.class, "due")
                .split(body())
                    .to(queue + "&discardWhenFull=true");

        from(queue + "&concurrentConsumers=" + properties.getConcurrency())
                .routeId(PROCESS)
                .routeConfigurationId(HubRouteConfigurations.SCHEDULED)
                .autoStartup("{{castwire.routes.ingest-webhook-process.auto-startup:true}}")
                .bean(InboundWorker.class, "run(${body})");
    }

    /** Reads what the checks need from the request, then drops every header (and query parameter). */
    static void toRequest(Exchange exchange) {
        Message in = exchange.getMessage();
        String source = in.getHeader("source", String.class);
        InboundReceiver.Request request = new InboundReceiver.Request(source, in.getHeader(Exchange.CONTENT_TYPE, String.class),
                in.getHeader("webhook-id", String.class), in.getHeader("webhook-timestamp", String.class),
                in.getHeader("webhook-signature", String.class), in.getBody(byte[].class));
        in.removeHeaders("*");
        in.setBody(request);
    }

    void respond(Exchange exchange) throws Exception {
        InboundAnswer answer = exchange.getProperty(ANSWER, InboundAnswer.class);
        write(exchange, answer);
    }

    void internalError(Exchange exchange) throws Exception {
        String ref = java.util.UUID.randomUUID().toString().substring(0, 8);
        write(exchange, InboundAnswer.problem(org.springframework.http.HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                "Internal error", "castwire failed to answer (ref " + ref + "); nothing was accepted, send the webhook again later"));
    }

    private void write(Exchange exchange, InboundAnswer answer) throws Exception {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        // a small body with its Content-Length (chunked mode sent Transfer-Encoding twice)
        out.setHeader(Exchange.HTTP_CHUNKED, false);
        out.setHeader(Exchange.CONTENT_TYPE, answer.contentType());
        for (Map.Entry<String, String> h : answer.headers().entrySet()) {
            out.setHeader(h.getKey(), h.getValue());
        }
        out.setBody(json.writeValueAsString(answer.body()));
    }
}
