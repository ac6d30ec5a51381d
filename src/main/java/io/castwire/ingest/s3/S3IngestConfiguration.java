package io.castwire.ingest.s3;

import io.castwire.common.storage.S3Clients;
import io.castwire.common.storage.S3Properties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 client of the S3 inbox, shared by its consumer and {@link S3Ingest}. */
@Configuration(proxyBeanMethods = false)
@Conditional(S3IngestEnabled.class)
public class S3IngestConfiguration {

    /** Bean name the route's endpoint refers to ({@code amazonS3Client=#...}). */
    public static final String CLIENT = "castwireS3IngestClient";

    @Bean(name = CLIENT, destroyMethod = "close")
    public S3Client castwireS3IngestClient(S3Properties properties, Environment env) {
        return S3Clients.create(properties, env);
    }
}
