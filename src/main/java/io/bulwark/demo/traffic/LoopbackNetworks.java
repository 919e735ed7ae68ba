package io.bulwark.demo.traffic;

import io.bulwark.tls.TlsPolicy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.SSLContext;

/**
 * The scenario's source addresses on one machine: every partner's own servers become {@code 127.0.0.1}, and every other
 * address (a botnet's, a new network's) a loopback address of its own, {@code 127.0.0.2} upwards, so the gateway and the
 * authorization server see a different peer for each, as they would for another network. One HTTP client per address.
 */
final class LoopbackNetworks implements AutoCloseable {

    private static final int LAST_HOST = 254;

    private final Set<String> partnerAddresses;
    private final SSLContext ssl;
    private final Map<String, String> mapped = new LinkedHashMap<>();
    private final Map<String, HttpClient> clients = new LinkedHashMap<>();

    LoopbackNetworks(Set<String> partnerAddresses, Path caCertificate) {
        this.partnerAddresses = Set.copyOf(partnerAddresses);
        this.ssl = TlsPolicy.jdkClientContext(caCertificate);
    }

    /** The loopback address that stands for {@code source}. */
    synchronized String loopbackFor(String source) {
        if (partnerAddresses.contains(source)) {
            return "127.0.0.1";
        }
        return mapped.computeIfAbsent(source, s -> "127.0.0." + (2 + mapped.size() % (LAST_HOST - 1)));
    }

    /** The HTTP client whose connections leave from {@code source}'s loopback address; redirects are not followed. */
    synchronized HttpClient client(String source) {
        String address = loopbackFor(source);
        return clients.computeIfAbsent(address, a -> {
            try {
                return HttpClient.newBuilder().sslContext(ssl).localAddress(InetAddress.getByName(a))
                        .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
            } catch (UnknownHostException e) {
                throw new IllegalStateException("not an address: " + a, e);
            }
        });
    }

    SSLContext ssl() {
        return ssl;
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(HttpClient::close);
        clients.clear();
    }
}
