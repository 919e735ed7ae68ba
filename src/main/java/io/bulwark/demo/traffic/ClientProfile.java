package io.bulwark.demo.traffic;

import java.util.Objects;

/**
 * A partner client: its id, what kind of app it is, the address its servers call from and the software it calls with.
 *
 * @param egressAddress where its requests come from: a partner's back end, the same for every user it serves
 */
public record ClientProfile(String clientId, String name, ClientKind kind, String egressAddress, String userAgent) {

    public ClientProfile {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(egressAddress, "egressAddress");
        Objects.requireNonNull(userAgent, "userAgent");
    }
}
