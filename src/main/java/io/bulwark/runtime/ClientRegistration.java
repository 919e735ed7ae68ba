package io.bulwark.runtime;

import io.bulwark.clients.RegisteredClient;
import io.bulwark.clients.SenderConstraint;
import io.bulwark.clients.TokenSettings;
import io.bulwark.config.ClientConfig;
import io.bulwark.store.Store;

import java.time.InstantSource;
import java.util.List;

/**
 * Registers the clients {@code bulwark.yaml} declares, at start and at each reload: the file's settings win, while
 * whether a client is disabled and when it was created stay as the store has them (the CLI's to change).
 */
final class ClientRegistration {

    private ClientRegistration() {
    }

    static void register(Store store, List<ClientConfig> clients, InstantSource clock) {
        for (ClientConfig client : clients) {
            var existing = store.clients().find(client.clientId());
            store.clients().save(new RegisteredClient(client.clientId(), client.name(), client.authMethod(), client.jwksJson(),
                    client.jwksUri(), client.scopes(), existing.map(RegisteredClient::disabled).orElse(false),
                    existing.map(RegisteredClient::createdAt).orElse(clock.instant()),
                    SenderConstraint.fromConfigName(client.senderConstraint()).orElseThrow(() -> new IllegalArgumentException(
                            "client " + client.clientId() + ": unknown sender constraint " + client.senderConstraint())),
                    client.tlsClientAuthSubjectDn(), client.redirectUris(), client.authorizationDetailsTypes(),
                    new TokenSettings(client.accessTokenLifetime(), client.refreshTokenRotation()), client.grantTypes()));
        }
    }
}
