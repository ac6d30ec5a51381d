package io.castwire.ingest.s3;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** S3 ingest exists only when {@code castwire.s3.ingest.bucket} names a bucket. */
public class S3IngestEnabled implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return StringUtils.hasText(context.getEnvironment().getProperty("castwire.s3.ingest.bucket"));
    }
}
