package io.castwire.publishing.webhook;

import java.net.UnknownHostException;

/**
 * The SSRF guard refused a webhook target: a scheme other than http(s), user info, a numeric
 * host in a non-canonical form, or a host that resolves to a loopback, private, link-local or
 * otherwise internal address that is not allow-listed. It extends {@link UnknownHostException}
 * because the HTTP client's DNS hook may only throw that; for the hub it is a permanent failure.
 */
public class SsrfRefusedException extends UnknownHostException {

    public SsrfRefusedException(String message) {
        super(message);
    }
}
