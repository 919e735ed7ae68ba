package io.bulwark.observability;

import io.bulwark.runtime.BulwarkNode;

/** A node's management listener as the tests reach it: over HTTPS, as Prometheus and operators do. */
record ManagementEndpoint(String url) {

    static ManagementEndpoint of(BulwarkNode node) {
        return new ManagementEndpoint("https://localhost:" + node.managementPort());
    }
}
