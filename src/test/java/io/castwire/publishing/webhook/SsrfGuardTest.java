package io.castwire.publishing.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsrfGuardTest {

    /** A DNS that knows a few names, and counts its lookups. */
    private final AtomicInteger lookups = new AtomicInteger();
    private final Map<String, List<String>> dns = Map.of(
            "public.example", List.of("93.184.216.34"),
            "internal.example", List.of("10.0.0.5"),
            "metadata.example", List.of("169.254.169.254"),
            "mixed.example", List.of("93.184.216.34", "192.168.0.10"),
            "v6mapped.example", List.of("::ffff:127.0.0.1"),
            "localhost", List.of("127.0.0.1", "::1"));
    private final SsrfGuard.HostResolver resolver = host -> {
        lookups.incrementAndGet();
        List<String> answers = dns.get(host);
        if (answers == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] out = new InetAddress[answers.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = InetAddress.getByAddress(host, IpRange.literal(answers.get(i)));
        }
        return out;
    };

    private SsrfGuard guard(List<String> hosts, List<String> networks) {
        return new SsrfGuard(hosts, networks, resolver);
    }

    private final SsrfGuard strict = guard(List.of(), List.of());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "localhost", "169.254.169.254", "[::1]", "::1", "0.0.0.0", "[::]",
            "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "100.127.255.254", "224.0.0.1",
            "255.255.255.255", "240.0.0.1", "192.0.2.10", "198.18.0.1",
            "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::ffff:169.254.169.254]", "[::127.0.0.1]", "[::a00:1]",
            "[2002:7f00:1::1]", "[2002:a9fe:a9fe::]", "[64:ff9b::7f00:1]", "[64:ff9b::a9fe:a9fe]", "[64:ff9b:1::1]",
            "[2001::1]", "[2001:db8::1]", "[100::1]",
            "[fe80::1]", "[febf::1]", "[fc00::1]", "[fd12:3456::1]", "[fec0::1]", "[ff02::1]",
            "internal.example", "metadata.example", "mixed.example", "v6mapped.example"})
    void refusesInternalAddresses(String host) {
        assertThatThrownBy(() -> strict.resolve(host)).isInstanceOf(SsrfRefusedException.class)
                .hasMessageContaining("not allow-listed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x7f000001", "0X7F000001", "2130706433", "0177.0.0.1", "127.1", "127.0.1", "0x7f.0.0.1",
            "127.0.0.01", "127.0.0.1.", "1.2.3.4.5", "017700000001", "0", "256.0.0.1", "foo.0x7f", "example.123"})
    void refusesNonCanonicalNumericHostsWithoutResolvingThem(String host) {
        SsrfGuard lenient = guard(List.of(), List.of("0.0.0.0/0", "::/0"));
        assertThatThrownBy(() -> lenient.resolve(host)).isInstanceOf(SsrfRefusedException.class)
                .hasMessageContaining("canonical");
        assertThatThrownBy(() -> SsrfGuard.checkUrl("http://" + host + "/hook")).isInstanceOf(SsrfRefusedException.class);
        assertThat(lookups).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "169.255.0.1", "[2606:4700:4700::1111]",
            "[2002:5db8:d822::1]", "[64:ff9b::5db8:d822]", "public.example"})
    void letsPublicAddressesThrough(String host) throws Exception {
        assertThat(strict.resolve(host)).isNotEmpty();
    }

    @Test
    void literalsAreNeverLookedUpButNamesAreOncePerCall() throws Exception {
        strict.resolve("93.184.216.34");
        strict.resolve("[2606:4700:4700::1111]");
        assertThatThrownBy(() -> strict.resolve("127.0.0.1")).isInstanceOf(SsrfRefusedException.class);
        assertThat(lookups).hasValue(0);
        strict.resolve("public.example");
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aNameIsRefusedIfAnyOfItsAddressesIs() {
        assertThatThrownBy(() -> strict.resolve("mixed.example")).isInstanceOf(SsrfRefusedException.class)
                .hasMessageContaining("192.168.0.10").hasMessageContaining("private");
        assertThatThrownBy(() -> strict.resolve("localhost")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> strict.resolve("metadata.example")).hasMessageContaining("metadata");
    }

    @Test
    void allowListedNetworksAndHostsAreLetThrough() throws Exception {
        SsrfGuard loopback = guard(List.of(), List.of("127.0.0.1/32"));
        assertThat(loopback.resolve("127.0.0.1")).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
        assertThatThrownBy(() -> loopback.resolve("127.0.0.2")).isInstanceOf(SsrfRefusedException.class);
        // localhost also answers ::1, which is not allow-listed
        assertThatThrownBy(() -> loopback.resolve("localhost")).hasMessageContaining("loopback");

        SsrfGuard byName = guard(List.of("Internal.Example"), List.of("fd00::/8"));
        assertThat(byName.resolve("internal.example")).extracting(InetAddress::getHostAddress).containsExactly("10.0.0.5");
        assertThat(byName.resolve("[fd12::1]")).hasSize(1);
        assertThatThrownBy(() -> byName.resolve("metadata.example")).isInstanceOf(SsrfRefusedException.class);
        assertThatThrownBy(() -> byName.resolve("10.0.0.5")).isInstanceOf(SsrfRefusedException.class);
    }

    @Test
    void unknownNamesAreUnknownNotRefused() {
        assertThatThrownBy(() -> strict.resolve("nowhere.example")).isInstanceOf(UnknownHostException.class)
                .isNotInstanceOf(SsrfRefusedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://public.example/x", "file:///etc/passwd", "gopher://public.example/", "jar:http://x/!/",
            "http://user:pw@public.example/hook", "http://user@public.example/hook", "http:///hook", "http://",
            "//public.example/hook", "not a url", "http://exa_mple.com/", "http://[fe80::1%25eth0]/",
            "http://0x7f000001/", "https://2130706433/"})
    void refusesUrlsBeforeAnyLookup(String url) {
        assertThatThrownBy(() -> SsrfGuard.checkUrl(url)).isInstanceOf(SsrfRefusedException.class);
        assertThat(lookups).hasValue(0);
    }

    @Test
    void acceptsOrdinaryUrls() {
        assertThatCode(() -> SsrfGuard.checkUrl("https://hooks.example.com/castwire?token=abc")).doesNotThrowAnyException();
        assertThatCode(() -> SsrfGuard.checkUrl("HTTP://Hooks.Example.com:8443/x")).doesNotThrowAnyException();
        assertThatCode(() -> SsrfGuard.checkUrl("http://127.0.0.1:9000/x")).doesNotThrowAnyException();
        assertThatCode(() -> SsrfGuard.checkUrl("http://[2606:4700::1]/x")).doesNotThrowAnyException();
    }

    @Test
    void blockedReasonsNameTheRange() {
        assertThat(SsrfGuard.blockedReason(new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254})).contains("metadata");
        assertThat(SsrfGuard.blockedReason(IpRange.literal("::ffff:10.0.0.1"))).isEqualTo("private (embedded in IPv6)");
        assertThat(SsrfGuard.blockedReason(IpRange.literal("::ffff:0:127.0.0.1"))).contains("embedded in IPv6");
        assertThat(SsrfGuard.blockedReason(IpRange.literal("93.184.216.34"))).isNull();
    }

    @Test
    void networksParseFromLiteralsOnly() {
        assertThat(IpRange.parse("10.0.0.0/8").contains(IpRange.literal("10.200.1.1"))).isTrue();
        assertThat(IpRange.parse("10.0.0.0/8").contains(IpRange.literal("11.0.0.1"))).isFalse();
        assertThat(IpRange.parse("fc00::/7").contains(IpRange.literal("fdff::1"))).isTrue();
        assertThat(IpRange.parse("192.168.1.7").contains(IpRange.literal("192.168.1.8"))).isFalse();
        for (String bad : Arrays.asList("example.com/8", "10.0.0.0/33", "1.2.3.4/x", "", "999.1.1.1", "fe80::1%eth0")) {
            assertThatThrownBy(() -> IpRange.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
