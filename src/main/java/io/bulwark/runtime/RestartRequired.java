package io.bulwark.runtime;

import io.bulwark.config.BulwarkConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The parts of a configuration a running node cannot change in place: listeners, TLS identities, store, keys. */
final class RestartRequired {

    private RestartRequired() {
    }

    /** The configuration keys whose change needs a restart, in {@code bulwark.yaml} terms; empty if none. */
    static List<String> differences(BulwarkConfig running, BulwarkConfig next) {
        List<String> keys = new ArrayList<>();
        check(keys, "data-dir", running.dataDir(), next.dataDir());
        check(keys, "master-key", running.masterKey(), next.masterKey());
        check(keys, "store", running.store(), next.store());
        check(keys, "authorization-server", running.authorizationServer(), next.authorizationServer());
        check(keys, "gateway.listen", running.gateway().listen(), next.gateway().listen());
        check(keys, "gateway.tls", running.gateway().tls(), next.gateway().tls());
        check(keys, "management", running.management(), next.management());
        // The webhooks' delivery threads and their outbox cursors are set up once, at start.
        check(keys, "security-events", running.securityEvents(), next.securityEvents());
        // The tracer and its exporter live as long as the node; a reload keeps the one it started with.
        check(keys, "tracing", running.tracing(), next.tracing());
        // The behaviour detector's forests are shaped by its window and shingle when created; it starts with the node.
        check(keys, "anomaly", running.anomaly(), next.anomaly());
        return keys;
    }

    private static void check(List<String> keys, String key, Object running, Object next) {
        if (!Objects.equals(running, next)) {
            keys.add(key);
        }
    }
}
