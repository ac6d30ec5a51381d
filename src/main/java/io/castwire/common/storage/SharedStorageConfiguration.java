package io.castwire.common.storage;

import io.castwire.common.HubPaths;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Shared storage ({@code castwire.storage.shared.*}), on when a bucket is set: its own S3 client
 * (connection settings from {@code castwire.s3.*}) and the {@link SharedStorage} installed into
 * {@link HubPaths}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SharedStorageEnabled.class)
public class SharedStorageConfiguration {

    public static final String CLIENT = "castwireSharedStorageClient";

    @Bean(name = CLIENT, destroyMethod = "close")
    public S3Client castwireSharedStorageClient(S3Properties properties, Environment env) {
        return S3Clients.create(properties, env);
    }

    @Bean
    public SharedStorage sharedStorage(HubPaths paths, @Qualifier(CLIENT) S3Client s3, SharedStorageProperties shared,
                                       MeterRegistry meters) {
        SharedStorage storage = new SharedStorage(paths, s3, shared.getBucket(), shared.getPrefix(), meters);
        paths.share(storage);
        return storage;
    }
}
