package io.bulwark.demo.traffic;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.clients.ClientRepository;
import io.bulwark.clients.RegisteredClient;
import io.bulwark.clients.SenderConstraint;
import io.bulwark.clients.TokenSettings;
import io.bulwark.demo.DemoClientCredentials;
import io.bulwark.demo.DemoEnvironment;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers a live run's partner clients in the running demo, as {@code bulwark clients create} would: the credentials
 * file beside the demo's own clients ({@code demo/clients/<id>.json}: private_key_jwt and DPoP keys, written owner-only and
 * reused on the next run), and the registration with the public key in the node's client store.
 */
final class PartnerRegistration {

    /** What a partner app may be granted: the bank's reads, payments, and the catalogue. */
    static final Set<String> APP_SCOPES = Set.of("accounts:read", "balances:read", "transactions:read", "payments:read", "payments:write",
            "products:read");
    static final Set<String> MACHINE_SCOPES = Set.of("products:read");

    private PartnerRegistration() {
    }

    static Map<String, PartnerCredentials> register(Population population, DemoEnvironment environment, ClientRepository clients) {
        String issuer = environment.config().authorizationServer().issuer().toString();
        Map<String, PartnerCredentials> registered = new LinkedHashMap<>();
        for (ClientProfile client : population.clients()) {
            boolean app = client.kind().actsForUsers();
            Set<String> scopes = app ? APP_SCOPES : MACHINE_SCOPES;
            List<String> redirects = app ? List.of(DemoEnvironment.CALLBACK) : List.of();
            Set<String> details = app ? Set.of("account_information", "payment_initiation") : Set.of();
            Set<String> grants = app ? Set.of(RegisteredClient.AUTHORIZATION_CODE, RegisteredClient.REFRESH_TOKEN, RegisteredClient.CLIENT_CREDENTIALS)
                    : Set.of(RegisteredClient.CLIENT_CREDENTIALS);
            Path file = environment.dataDir().resolve("demo/clients/" + client.clientId() + ".json");
            ECKey key = DemoClientCredentials.loadOrCreate(file, client.clientId(), scopes, issuer, redirects, details, grants);
            Instant created = clients.find(client.clientId()).map(RegisteredClient::createdAt).orElse(Instant.now());
            clients.save(new RegisteredClient(client.clientId(), client.name(), RegisteredClient.PRIVATE_KEY_JWT,
                    new JWKSet(key.toPublicJWK()).toString(), null, scopes, false, created, SenderConstraint.DPOP, null, redirects, details,
                    TokenSettings.DEFAULTS, grants));
            registered.put(client.clientId(), PartnerCredentials.read(client.clientId(), file));
        }
        return registered;
    }
}
