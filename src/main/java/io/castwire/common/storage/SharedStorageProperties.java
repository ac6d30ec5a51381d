package io.castwire.common.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * {@code castwire.storage.shared.*}: a bucket that replicas share for {@code media/} and
 * {@code public/}; off while the bucket is empty. The connection comes from {@code castwire.s3.*}.
 */
@Component
@ConfigurationProperties("castwire.storage.shared")
public class SharedStorageProperties {

    /** The shared bucket; empty: files stay on local disk only. */
    private String bucket = "";
    /** Keys are {@code <prefix><path below castwire.home>}, e.g. {@code media/my-show/ab/ab12....mp3}. */
    private String prefix = "";

    public String getBucket() { return bucket; }
    public void setBucket(String bucket) { this.bucket = bucket; }
    public String getPrefix() { return prefix; }
    public void setPrefix(String prefix) { this.prefix = prefix; }
}
