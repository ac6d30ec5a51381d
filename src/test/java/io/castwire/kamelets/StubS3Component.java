package io.castwire.kamelets;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Stands in for camel-aws2-s3 (not on castwire's classpath, and no S3 server support class in the
 * tests yet) under the scheme {@code aws2-s3}: records the options the Kamelet passed and hands out
 * queued objects the way the real consumer does (an open stream as the body, the key in
 * {@code CamelAwsS3Key}, the stream closed once the exchange is processed).
 */
class StubS3Component extends DefaultComponent {

    /** Objects waiting in each bucket: key and file. */
    final Map<String, Queue<Map.Entry<String, Path>>> buckets = new ConcurrentHashMap<>();
    /** The options of the last endpoint created, by bucket. */
    final Map<String, Map<String, Object>> options = new ConcurrentHashMap<>();

    void put(String bucket, String key, Path file) {
        buckets.computeIfAbsent(bucket, b -> new ConcurrentLinkedQueue<>()).add(Map.entry(key, file));
    }

    @Override
    protected DefaultEndpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        options.put(remaining, Map.copyOf(parameters));
        parameters.clear();
        return new DefaultEndpoint(uri, this) {
            @Override
            public Producer createProducer() {
                throw new UnsupportedOperationException("the S3 stub only consumes");
            }

            @Override
            public Consumer createConsumer(Processor processor) {
                ScheduledPollConsumer consumer = new ScheduledPollConsumer(this, processor) {
                    @Override
                    protected int poll() throws Exception {
                        Map.Entry<String, Path> next = buckets.getOrDefault(remaining, new ConcurrentLinkedQueue<>()).poll();
                        if (next == null) {
                            return 0;
                        }
                        Exchange exchange = createExchange(false);
                        try (InputStream body = Files.newInputStream(next.getValue())) {
                            exchange.getMessage().setHeader("CamelAwsS3Key", next.getKey());
                            exchange.getMessage().setHeader("CamelAwsS3BucketName", remaining);
                            exchange.getMessage().setBody(body);
                            // processed synchronously, like the real consumer, which closes the stream afterwards
                            getProcessor().process(exchange);
                        }
                        if (exchange.getException() != null) {
                            getExceptionHandler().handleException("stub S3 object " + next.getKey(), exchange,
                                    exchange.getException());
                        }
                        return 1;
                    }
                };
                consumer.setDelay(50);
                return consumer;
            }
        };
    }
}
