package io.bulwark.observability;

import io.bulwark.oauth.core.AuthorizationServerOutcomes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Optional;

/**
 * The authorization server's outcomes as counters: tokens issued by grant type, client authentication method and sender
 * constraint; each form endpoint's answers (token, PAR, revocation, introspection) by RFC 6749 error code, and
 * client authentication failures among them; consent decisions; second-factor checks.
 */
public final class AuthorizationServerMetrics implements AuthorizationServerOutcomes {

    private final MeterRegistry registry;
    // Every value comes from code (grant types, auth methods, error codes); the bounds only guard against a mistake.
    private final LabelValues values = new LabelValues(200);

    public AuthorizationServerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void tokenIssued(String grantType, String clientAuthMethod, String senderConstraint) {
        Counter.builder("bulwark.tokens.issued").description("Access tokens issued, by grant type, client authentication method and sender constraint")
                .tags("grant_type", label(grantType), "client_auth_method", label(clientAuthMethod),
                        "sender_constraint", label(senderConstraint))
                .register(registry).increment();
    }

    @Override
    public void endpointAnswered(String endpoint, String outcome) {
        Counter.builder("bulwark.oauth.requests").description("Answers of the token, PAR, revocation and introspection endpoints: ok or the error code")
                .tags("endpoint", label(endpoint), "outcome", label(outcome)).register(registry).increment();
        if ("invalid_client".equals(outcome)) {
            Counter.builder("bulwark.client.authentication.failures").description("Failed client authentications, by endpoint")
                    .tag("endpoint", label(endpoint)).register(registry).increment();
        }
    }

    @Override
    public void consentDecided(boolean granted) {
        Counter.builder("bulwark.consent.decisions").description("Users' decisions on the consent page")
                .tag("decision", granted ? "granted" : "denied").register(registry).increment();
    }

    @Override
    public void secondFactorChecked(boolean accepted) {
        Counter.builder("bulwark.second.factor.checks").description("Second-factor (TOTP) checks at sign-in")
                .tag("outcome", accepted ? "accepted" : "refused").register(registry).increment();
    }

    private String label(String value) {
        return values.of(Optional.ofNullable(value));
    }
}
