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
 * @param accounts its RFC 9396 {@code account_information} details
 * @param payments its RFC 9396 {@code payment_initiation} details
 * @param authorizationDetails its {@code authorization_details} as JSON values (objects as maps), passed on in the
 *                             signed identity header; empty when it has none
 */
public record VerifiedAccessToken(String subject, String clientId, Set<String> scopes, String tokenId, Instant expiresAt,
                                  TokenConfirmation confirmation, String grantId, AccountConsent accounts, PaymentConsent payments,
                                  List<Object> authorizationDetails) {

    public VerifiedAccessToken {
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(confirmation, "confirmation");
        accounts = accounts == null ? AccountConsent.NONE : accounts;
        payments = payments == null ? PaymentConsent.NONE : payments;
        authorizationDetails = authorizationDetails == null ? List.of() : List.copyOf(authorizationDetails);
    }

    /** A token whose raw {@code authorization_details} are not kept. */
    public VerifiedAccessToken(String subject, String clientId, Set<String> scopes, String tokenId, Instant expiresAt,
                               TokenConfirmation confirmation, String grantId, AccountConsent accounts, PaymentConsent payments) {
        this(subject, clientId, scopes, tokenId, expiresAt, confirmation, grantId, accounts, payments, List.of());
    }

    /** A token without {@code payment_initiation} details. */
    public VerifiedAccessToken(String subject, String clientId, Set<String> scopes, String tokenId, Instant expiresAt,
                               TokenConfirmation confirmation, String grantId, AccountConsent accounts) {
        this(subject, clientId, scopes, tokenId, expiresAt, confirmation, grantId, accounts, PaymentConsent.NONE);
    }

    /**
     * Whether the token acts for a user rather than for the client itself. RFC 9068 §2.2: with no
     * resource owner (client credentials), {@code sub} names the client; such tokens carry no grant.
     */
    public boolean actsForUser() {
        return grantId != null || !subject.equals(clientId);
    }

    /** A token without {@code account_information} details. */
    public VerifiedAccessToken(String subject, String clientId, Set<String> scopes, String tokenId, Instant expiresAt,
                               TokenConfirmation confirmation, String grantId) {
        this(subject, clientId, scopes, tokenId, expiresAt, confirmation, grantId, AccountConsent.NONE);
    }

    /** A token without {@code grant_id}. */
    public VerifiedAccessToken(String subject, String clientId, Set<String> scopes, String tokenId, Instant expiresAt,
                               TokenConfirmation confirmation) {
        this(subject, clientId, scopes, tokenId, expiresAt, confirmation, null);
    }

    /** A token without {@code cnf} or {@code grant_id}. */
    public VerifiedAccessToken(String subject, String clientId, Set<String> scopes, String tokenId, Instant expiresAt) {
        this(subject, clientId, scopes, tokenId, expiresAt, TokenConfirmation.NONE);
    }
}
