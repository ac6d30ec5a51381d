package io.castwire.publishing.social;

import io.castwire.publishing.delivery.DestinationSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/**
 * {@code castwire.publish.linkedin.*}: LinkedIn's Posts API. The access token is read from the
 * environment variable named by {@code token-env}, never from configuration.
 */
@Component
@Validated
@ConfigurationProperties("castwire.publish.linkedin")
public class LinkedinProperties extends DestinationSettings {

    /** API host; tests point it at a fake. */
    @io.castwire.common.HttpUrl
    private String baseUrl = "https://api.linkedin.com";
    /** Environment variable holding the OAuth 2.0 access token (w_organization_social or w_member_social). */
    private String tokenEnv = "CASTWIRE_LINKEDIN_ACCESS_TOKEN";
    /** Who posts: {@code urn:li:organization:<id>} (a company page) or {@code urn:li:person:<id>}. */
    private String author = "";
    /** The {@code LinkedIn-Version} header (YYYYMM); LinkedIn retires a version about a year after its release. */
    @jakarta.validation.constraints.Pattern(regexp = "\\d{6}", message = "must be a LinkedIn-Version such as 202605 (YYYYMM)")
    private String version = "202605";
    /** PUBLIC, CONNECTIONS or LOGGED_IN. */
    @jakarta.validation.constraints.Pattern(regexp = "PUBLIC|CONNECTIONS|LOGGED_IN", message = "must be PUBLIC, CONNECTIONS or LOGGED_IN")
    private String visibility = "PUBLIC";
    /** How many of the author's latest posts findExisting reads (1 to 100). */
    @jakarta.validation.constraints.Min(1)
    @jakarta.validation.constraints.Max(100)
    private int findCount = 50;

    @Override
    protected void declareEnabled(Requirements r) {
        requireSetting(r, "author", author);
        requireCredential(r, "tokenEnv", tokenEnv);
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getTokenEnv() {
        return tokenEnv;
    }

    public void setTokenEnv(String tokenEnv) {
        this.tokenEnv = tokenEnv;
    }

    public String getAuthor() {
        return author;
    }

    public void setAuthor(String author) {
        this.author = author;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getVisibility() {
        return visibility;
    }

    public void setVisibility(String visibility) {
        this.visibility = visibility;
    }

    public int getFindCount() {
        return findCount;
    }

    public void setFindCount(int findCount) {
        this.findCount = findCount;
    }
}
