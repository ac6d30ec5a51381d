package io.castwire.common.storage;

import java.net.URI;
import java.time.Duration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the S3 client from {@code castwire.s3.*}; the keys never leave this method (no URI, no log). */
public final class S3Clients {

    private S3Clients() {
    }

    /** A client for the configured store, with static keys when both environment variables are set. */
    public static S3Client create(S3Properties properties, Environment env) {
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(properties.getRegion()))
                .credentialsProvider(credentials(properties, env))
                .forcePathStyle(properties.isForcePathStyle())
                // a server-side copy of a large object answers only when done
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofMinutes(5)));
        if (StringUtils.hasText(properties.getEndpoint())) {
            // S3-compatible stores often reject the SDK's newer default checksums (trailing CRCs)
            b.endpointOverride(URI.create(properties.getEndpoint()))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return b.build();
    }

    static AwsCredentialsProvider credentials(S3Properties properties, Environment env) {
        String access = env.getProperty(properties.getAccessKeyEnv());
        String secret = env.getProperty(properties.getSecretKeyEnv());
        if (StringUtils.hasText(access) && StringUtils.hasText(secret)) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
