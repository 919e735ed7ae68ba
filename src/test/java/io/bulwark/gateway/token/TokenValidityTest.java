package io.bulwark.gateway.token;

import io.bulwark.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one issuer, audience and lifetime rule that JWT and introspected access tokens both meet, at its boundaries. */
class TokenValidityTest {

    private static final String ISSUER = "https://as.example";
    private static final String AUDIENCE = "https://gateway.example";
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final TokenValidity validity = new TokenValidity(ISSUER, AUDIENCE, clock);

    private void check(Instant exp, Instant iat, Instant nbf) throws InvalidAccessTokenException {
        validity.check(ISSUER, List.of(AUDIENCE), exp, iat, nbf);
    }

    @Test
    void expiryAllowsTenSecondsOfSkewAndNotOneMore() {
        assertThatCode(() -> check(NOW.minusSeconds(9).minusMillis(999), null, null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(NOW.minusSeconds(10), null, null))
                .isInstanceOf(InvalidAccessTokenException.class).hasMessage("the access token has expired");
    }

    @Test
    void notBeforeAndIssuedAtMayLieTenSecondsAheadAndNotOneMore() {
        Instant exp = NOW.plusSeconds(300);
        assertThatCode(() -> check(exp, NOW.plusSeconds(10), NOW.plusSeconds(10))).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(exp, null, NOW.plusSeconds(10).plusMillis(1))).hasMessage("the access token is not valid yet (nbf)");
        assertThatThrownBy(() -> check(exp, NOW.plusSeconds(10).plusMillis(1), null)).hasMessageContaining("(iat to exp)");
    }

    @Test
    void aLifetimeLongerThanAnyClientIsGivenIsRefused() {
        Instant iat = NOW.minusSeconds(60);
        assertThatCode(() -> check(iat.plus(Duration.ofHours(1)), iat, null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(iat.plus(Duration.ofHours(1)).plusSeconds(1), iat, null)).hasMessageContaining("(iat to exp)");
    }

    @Test
    void theIssuerMustBeTheTrustedOne() {
        assertThatThrownBy(() -> validity.check("https://evil.example", List.of(AUDIENCE), NOW.plusSeconds(60), null, null))
                .hasMessageContaining("(iss)");
        assertThatThrownBy(() -> validity.check(null, List.of(AUDIENCE), NOW.plusSeconds(60), null, null)).hasMessageContaining("(iss)");
    }

    @Test
    void theAudienceMustBeThisGatewayAlone() {
        assertThatThrownBy(() -> validity.check(ISSUER, List.of(AUDIENCE, "https://other.example"), NOW.plusSeconds(60), null, null))
                .hasMessage("the token is not meant for this API alone (aud)");
        assertThatThrownBy(() -> validity.check(ISSUER, List.of("https://other.example"), NOW.plusSeconds(60), null, null))
                .hasMessageContaining("(aud)");
        assertThatThrownBy(() -> validity.check(ISSUER, List.of(), NOW.plusSeconds(60), null, null)).hasMessageContaining("(aud)");
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        assertThatThrownBy(() -> check(null, null, null)).hasMessageContaining("lacks exp");
    }
}
