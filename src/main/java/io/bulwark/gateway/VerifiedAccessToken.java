package io.bulwark.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The claims of an access token whose signature, issuer, audience, type and lifetime have been
 * verified, with what it is bound to ({@code cnf}), which the sender-constraint step checks.
 *
 * @param grantId  the user's grant the token came from ({@code grant_id}), or null for a token without one
 * @param accounts its RFC 9396 {@code account_information} details ({@link AccountConsent#NONE} when it has none)
 * @param payments its RFC 9396 {@code payment_initiation} details ({@link PaymentConsent#NONE} when it has none)
 * @param authorizationDetails its {@code authorization_details} as JSON values (objects as maps), passed on in the
 *                             signed identity header; empty when it has none
 */
public record VerifiedAccessToken(String subject, String clientId, Set<String> scopes, String tokenId, Instant expiresAt,
                                  TokenConfirmation confirmation, String grantId, AccountConsent accounts, PaymentConsent payments,
                                  List<Object> authorizationDetails) {

    public VerifiedAccessToken {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(confirmation, "confirmation");
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(payments, "payments");
        authorizationDetails = List.copyOf(authorizationDetails);
    }

    /**
     * Whether the token acts for a user rather than for the client itself. RFC 9068 §2.2: with no
     * resource owner (client credentials), {@code sub} names the client; such tokens carry no grant.
     */
    public boolean actsForUser() {
        return grantId != null || !subject.equals(clientId);
    }
}
