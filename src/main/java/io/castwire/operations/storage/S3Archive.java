package io.castwire.operations.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * An archive prefix in a bucket ({@code s3://bucket/prefix}), on the store of {@code castwire.s3.*}.
 * The upload carries the file's MD5 (the store refuses a body that does not match it), and a HEAD
 * afterwards checks the stored size and ETag. Single {@code PutObject} calls: files up to 5 GB.
 */
public class S3Archive implements Archive {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3Archive(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        String p = prefix == null ? "" : prefix.strip().replaceAll("^/+", "");
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    /** Parses {@code s3://bucket/prefix}. */
    public static S3Archive of(S3Client s3, String uri) {
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("castwire.storage.archive '" + uri + "' names no bucket (s3://bucket/prefix)");
        }
        return new S3Archive(s3, bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public String store(Path file, String relative, Digests.Sums sums) throws IOException {
        String key = prefix + relative;
        String md5 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sums.md5()));
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentMD5(md5).contentLength(sums.size()), RequestBody.fromFile(file));
            HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key));
            String etag = head.eTag() == null ? "" : head.eTag().replace("\"", "");
            if (head.contentLength() != sums.size() || !etag.equalsIgnoreCase(sums.md5())) {
                throw new IOException("the archived object s3://" + bucket + "/" + key + " does not match " + relative + " ("
                        + head.contentLength() + " bytes, ETag " + etag + " instead of " + sums.size() + " bytes, MD5 "
                        + sums.md5() + ")");
            }
        } catch (RuntimeException e) {
            throw new IOException("could not archive " + relative + " to s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
        return "s3://" + bucket + "/" + key;
    }

    /** A cheap check that the bucket answers with these credentials (for health). */
    public void check() {
        s3.headBucket(r -> r.bucket(bucket));
    }
}
