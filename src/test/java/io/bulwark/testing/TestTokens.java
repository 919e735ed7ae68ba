package io.bulwark.testing;

import io.bulwark.gateway.AccountConsent;
import io.bulwark.gateway.PaymentConsent;
import io.bulwark.gateway.TokenConfirmation;
import io.bulwark.gateway.VerifiedAccessToken;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Verified access tokens for tests of the steps after authentication: unbound, of no user's grant, with no
 * RFC 9396 details and valid for a minute, unless a test says otherwise.
 */
public final class TestTokens {

    private TestTokens() {
    }

    /** A token of {@code clientId} for {@code subject}, with the defaults above. */
    public static Builder token(String subject, String clientId) {
        return new Builder(subject, clientId);
    }

    /** Sets what a test cares about; {@link #build()} makes the token through its one constructor. */
    public static final class Builder {
        private final String subject;
        private final String clientId;
        private Set<String> scopes = Set.of();
        private String tokenId = "jti";
        private Instant expiresAt = Instant.now().plusSeconds(60);
        private TokenConfirmation confirmation = TokenConfirmation.NONE;
        private String grantId;
        private AccountConsent accounts = AccountConsent.NONE;
        private PaymentConsent payments = PaymentConsent.NONE;

        private Builder(String subject, String clientId) {
            this.subject = subject;
            this.clientId = clientId;
        }

        public Builder scopes(String... scopes) {
            this.scopes = Set.of(scopes);
            return this;
        }

        public Builder tokenId(String tokenId) {
            this.tokenId = tokenId;
            return this;
        }

        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public Builder confirmation(TokenConfirmation confirmation) {
            this.confirmation = confirmation;
            return this;
        }

        /** The user's grant it came from ({@code grant_id}). */
        public Builder grantId(String grantId) {
            this.grantId = grantId;
            return this;
        }

        public Builder accounts(AccountConsent accounts) {
            this.accounts = accounts;
            return this;
        }

        public Builder payments(PaymentConsent payments) {
            this.payments = payments;
            return this;
        }

        public VerifiedAccessToken build() {
            return new VerifiedAccessToken(subject, clientId, scopes, tokenId, expiresAt, confirmation, grantId, accounts, payments, List.of());
        }
    }
}
