package io.castwire.publishing.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps webhook deliveries away from the hub's own network (server-side request forgery). A
 * subscriber URL may name any host, so the guard checks the addresses the connection is actually
 * made to: {@link #resolve} is the HTTP client's DNS hook, the only lookup made for a request, so
 * a name that answers differently the second time (DNS rebinding) gains nothing.
 * <p>
 * Refused unless allow-listed: loopback, private (RFC 1918), carrier-grade NAT, link-local (with
 * the cloud metadata address 169.254.169.254), unique-local and site-local IPv6, unspecified,
 * multicast, broadcast and reserved ranges, documentation and benchmarking ranges, and IPv6 forms
 * that carry an IPv4 address (IPv4-mapped, IPv4-compatible, 6to4, NAT64, Teredo) when that address
 * is refused. If any address a name resolves to is refused, the name is refused.
 * <p>
 * Numeric hosts must be canonical: {@code 127.0.0.1} is an IPv4 address, but so are
 * {@code 2130706433}, {@code 0x7f000001}, {@code 0177.0.0.1} and {@code 127.1} to a browser, curl
 * or the C resolver. Rather than decoding every historical form, any host whose last label is a
 * number (decimal or {@code 0x}) must be a dotted quad of four decimal parts without leading zeros,
 * or it is refused outright.
 */
public class SsrfGuard {

    /** Name resolution, injectable so tests need no DNS; the default is the system resolver. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static final HostResolver SYSTEM = InetAddress::getAllByName;

    private static final Pattern CANONICAL_IPV4 =
            Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    /** What the WHATWG URL parser treats as a number, which makes the whole host an IPv4 address. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("^([0-9]+|0x[0-9a-f]*)$");
    private static final Pattern HOST_NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\\.?$");

    private record Blocked(IpRange range, String why) {
    }

    private static final List<Blocked> BLOCKED = List.of(
            b("0.0.0.0/8", "unspecified / this network"),
            b("10.0.0.0/8", "private"),
            b("100.64.0.0/10", "carrier-grade NAT"),
            b("127.0.0.0/8", "loopback"),
            b("169.254.0.0/16", "link-local, cloud metadata"),
            b("172.16.0.0/12", "private"),
            b("192.0.0.0/24", "IETF protocol assignments"),
            b("192.0.2.0/24", "documentation"),
            b("192.88.99.0/24", "6to4 relay anycast"),
            b("192.168.0.0/16", "private"),
            b("198.18.0.0/15", "benchmarking"),
            b("198.51.100.0/24", "documentation"),
            b("203.0.113.0/24", "documentation"),
            b("224.0.0.0/4", "multicast"),
            b("240.0.0.0/4", "reserved / broadcast"),
            b("::/128", "unspecified"),
            b("::1/128", "loopback"),
            b("::/96", "IPv4-compatible IPv6 (deprecated)"),
            b("64:ff9b:1::/48", "local-use NAT64"),
            b("100::/64", "discard-only"),
            b("2001::/32", "Teredo tunnel"),
            b("2001:db8::/32", "documentation"),
            b("fc00::/7", "unique-local"),
            b("fe80::/10", "link-local"),
            b("fec0::/10", "site-local (deprecated)"),
            b("ff00::/8", "multicast"));
    private static final IpRange NAT64 = IpRange.parse("64:ff9b::/96");
    private static final IpRange SIX_TO_FOUR = IpRange.parse("2002::/16");

    private final Set<String> allowHosts;
    private final List<IpRange> allowNetworks;
    private final HostResolver resolver;
    /** The configuration prefix of the allow lists, named in refusals so an operator knows what to change. */
    private final String settings;

    public SsrfGuard(Collection<String> allowHosts, Collection<String> allowNetworks, HostResolver resolver) {
        this(allowHosts, allowNetworks, resolver, "castwire.webhooks");
    }

    /** A guard whose allow lists are {@code <settings>.allow-hosts} and {@code <settings>.allow-networks}. */
    public SsrfGuard(Collection<String> allowHosts, Collection<String> allowNetworks, HostResolver resolver, String settings) {
        this.allowHosts = allowHosts.stream().map(SsrfGuard::normalise).collect(Collectors.toUnmodifiableSet());
        this.allowNetworks = allowNetworks.stream().map(IpRange::parse).toList();
        this.resolver = resolver;
        this.settings = settings;
    }

    private static Blocked b(String cidr, String why) {
        return new Blocked(IpRange.parse(cidr), why);
    }

    /**
     * Checks a URL without resolving it: http or https, a host, no user info, and a numeric host
     * only in canonical form. The addresses are checked later, when the connection is made.
     */
    public static URI checkUrl(String url) throws SsrfRefusedException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new SsrfRefusedException("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new SsrfRefusedException("only http and https URLs are allowed, not '" + scheme + "'");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new SsrfRefusedException("user info in a webhook URL is not allowed");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            // java.net.URI gives no host for forms like 127.1: say why when the authority shows it
            String authority = uri.getRawAuthority();
            if (authority != null && !authority.startsWith("[")) {
                int colon = authority.lastIndexOf(':');
                checkHost(normalise(colon < 0 ? authority : authority.substring(0, colon)));
            }
            throw new SsrfRefusedException("the URL has no host (or one with characters a host may not have)");
        }
        checkHost(normalise(uri.getHost()));
        return uri;
    }

    /**
     * Resolves a host and checks every address. The HTTP client calls this right before it opens the
     * socket and connects only to the addresses returned.
     *
     * @throws SsrfRefusedException when the host or one of its addresses is refused
     * @throws UnknownHostException when the host does not resolve
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String h = normalise(host);
        checkHost(h);
        InetAddress[] addresses = h.contains(":") || CANONICAL_IPV4.matcher(h).matches()
                ? new InetAddress[] {InetAddress.getByAddress(h, IpRange.literal(h))}
                : resolver.resolve(h);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(h);
        }
        if (!allowHosts.contains(h)) {
            for (InetAddress a : addresses) {
                check(h, a);
            }
        }
        return addresses;
    }

    private void check(String host, InetAddress address) throws SsrfRefusedException {
        for (IpRange allowed : allowNetworks) {
            if (allowed.contains(address)) {
                return;
            }
        }
        String why = blockedReason(address.getAddress());
        if (why != null) {
            String shown = host.equals(address.getHostAddress()) ? host : host + " (" + address.getHostAddress() + ")";
            throw new SsrfRefusedException("refused to connect to " + shown + ": " + why
                    + " address, not allow-listed (" + settings + ".allow-hosts / allow-networks)");
        }
    }

    /** Why an address (4 or 16 bytes) must not be reached, or null when it is a public unicast address. */
    public static String blockedReason(byte[] address) {
        if (address.length == 16) {
            byte[] embedded = embeddedIpv4(address);
            if (embedded != null) {
                String why = blockedReason(embedded);
                return why == null ? null : why + " (embedded in IPv6)";
            }
        }
        for (Blocked b : BLOCKED) {
            if (b.range().contains(address)) {
                return b.why();
            }
        }
        return null;
    }

    /** The IPv4 address an IPv4-mapped, IPv4-translated, NAT64 or 6to4 IPv6 address carries, or null. */
    private static byte[] embeddedIpv4(byte[] a) {
        boolean mapped = a[10] == (byte) 0xff && a[11] == (byte) 0xff && Arrays.equals(a, 0, 10, new byte[10], 0, 10);
        // ::ffff:0:a.b.c.d (RFC 2765 IPv4-translated)
        boolean translated = a[8] == (byte) 0xff && a[9] == (byte) 0xff && a[10] == 0 && a[11] == 0
                && Arrays.equals(a, 0, 8, new byte[8], 0, 8);
        if (mapped || translated || NAT64.contains(a)) {
            return Arrays.copyOfRange(a, 12, 16);
        }
        if (SIX_TO_FOUR.contains(a)) {
            return Arrays.copyOfRange(a, 2, 6);
        }
        return null;
    }

    private static void checkHost(String h) throws SsrfRefusedException {
        if (h.isEmpty()) {
            throw new SsrfRefusedException("empty host");
        }
        if (h.contains(":")) {
            try {
                IpRange.literal(h);
            } catch (IllegalArgumentException e) {
                throw new SsrfRefusedException("not a valid IPv6 literal (zone ids are not allowed): " + h);
            }
            return;
        }
        String[] labels = h.split("\\.", -1);
        String last = labels[labels.length - 1].isEmpty() && labels.length > 1 ? labels[labels.length - 2] : labels[labels.length - 1];
        if (NUMERIC_LABEL.matcher(last).matches()) {
            if (!CANONICAL_IPV4.matcher(h).matches()) {
                throw new SsrfRefusedException("numeric host '" + h + "' is not a canonical dotted-decimal IPv4 address "
                        + "(hex, octal, integer and shortened forms are refused)");
            }
            return;
        }
        if (!HOST_NAME.matcher(h).matches()) {
            throw new SsrfRefusedException("not a valid host name: " + h);
        }
    }

    private static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }
}
