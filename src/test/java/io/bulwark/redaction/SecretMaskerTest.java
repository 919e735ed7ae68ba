package io.bulwark.redaction;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskerTest {

    private static final String JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXBhcnQ";

    @Test
    void masksLuhnValidCardNumbersWithAnySeparator() {
        assertThat(SecretMasker.mask("card 4111111111111111 declined")).isEqualTo("card ************1111 declined");
        assertThat(SecretMasker.mask("card 4111 1111 1111 1111")).isEqualTo("card ************1111");
        assertThat(SecretMasker.mask("card 4111-1111-1111-1111")).isEqualTo("card ************1111");
        assertThat(SecretMasker.mask("card 4111.1111.1111.1111")).isEqualTo("card ************1111");
        // 13 and 19 digits (Visa's short PANs, and the longest ISO/IEC 7812 allows).
        assertThat(SecretMasker.mask("4222222222222")).isEqualTo("*********2222");
        assertThat(SecretMasker.mask("6011000990139424009")).doesNotContain("6011000990139424009");
        // Percent-encoding does not hide one.
        assertThat(SecretMasker.mask("/cards/4111%201111%201111%201111")).isEqualTo("/cards/************1111");
    }

    @Test
    void leavesDigitRunsThatFailTheLuhnCheck() {
        // A 16-digit order number whose check digit is wrong for a PAN: a log line keeps it.
        assertThat(SecretMasker.mask("order 4111111111111112 shipped")).isEqualTo("order 4111111111111112 shipped");
        assertThat(SecretMasker.mask("took 1234567890123 ns")).isEqualTo("took 1234567890123 ns");
        assertThat(SecretMasker.mask("port 8443, 11 digits 12345678901")).isEqualTo("port 8443, 11 digits 12345678901");
    }

    @Test
    void masksBearerAndDpopTokensButNotTheWordsAfterTheScheme() {
        assertThat(SecretMasker.mask("Authorization: Bearer mF_9.B5f-4.1JqM-opaque-token"))
                .isEqualTo("Authorization: Bearer [masked]");
        assertThat(SecretMasker.mask("DPoP Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU")).isEqualTo("DPoP [masked]");
        assertThat(SecretMasker.mask("the DPoP proof was refused")).isEqualTo("the DPoP proof was refused");
    }

    @Test
    void replacesJwts() {
        assertThat(SecretMasker.mask("token " + JWT + " refused")).isEqualTo("token [jwt] refused");
    }

    @Test
    void masksCredentialsInFormsAndJson() {
        assertThat(SecretMasker.mask("username=alice&password=hunter2%21&otp=123456"))
                .isEqualTo("username=alice&password=[masked]&otp=[masked]");
        assertThat(SecretMasker.mask("totp=654321 client_secret=s3cr3t")).isEqualTo("totp=[masked] client_secret=[masked]");
        assertThat(SecretMasker.mask("grant_type=client_credentials&client_assertion_type=urn:x&client_assertion=abc.def.ghi"))
                .endsWith("client_assertion=[masked]");
        assertThat(SecretMasker.mask("{\"password\": \"hunter2\", \"user\": \"alice\"}"))
                .isEqualTo("{\"password\": \"[masked]\", \"user\": \"alice\"}");
        assertThat(SecretMasker.mask("body {\\\"password\\\":\\\"hunter2\\\"}")).doesNotContain("hunter2");
        // YAML's spelling too.
        assertThat(SecretMasker.mask("client-secret = s3cr3t")).isEqualTo("client-secret = [masked]");
        // Prose about a token is not a credential.
        assertThat(SecretMasker.mask("invalid token: expired")).isEqualTo("invalid token: expired");
    }

    @Test
    void masksPrivateKeys() {
        String pem = "key -----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY----- done";
        assertThat(SecretMasker.mask(pem)).isEqualTo("key [private key] done");
        assertThat(SecretMasker.mask("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIO")).isEqualTo("[private key]");
        String jwk = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                + "\"d\":\"jpsQnnGQmL-YBIffH1136cLyd6xhXvB9Pd7dnN4nDZU\"}";
        assertThat(SecretMasker.mask(jwk)).contains("\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\"")
                .contains("\"d\":\"[masked]\"").doesNotContain("jpsQnnGQmL");
        assertThat(SecretMasker.mask("{\"p\": \"2rnSOV4hKSN8sS4CgcQHFbs08XboFDqKum3sc4h3GRxrTmQdl1ZK9uw\", \"q\":\"1u_RiFDP7LBYh3N4GXLT9OpSKYP0uQZyiaZwBtOCBNJgQxaj10RWjsZu0c6Iedis4S7B_coSKB0Kj9PaPaBzg-IySRvvcQuPamQu66riMhjVtG6TlV8CLCYKrYl52ziqK0E_ym2QnkwsUX7eYTB7LbAHRK9GqocDE5B0f808I4s\"}"))
                .isEqualTo("{\"p\": \"[masked]\", \"q\":\"[masked]\"}");
    }

    @Test
    void masksFieldsTheContractsClassify() {
        SensitiveFieldNames.add(Set.of("dateOfBirth", "email"));
        assertThat(SecretMasker.mask("{\"email\":\"alice@example.com\",\"dateofbirth\":\"1980-02-03\",\"kind\":\"card\"}"))
                .isEqualTo("{\"email\":\"[masked]\",\"dateofbirth\":\"[masked]\",\"kind\":\"card\"}");
        assertThat(SecretMasker.mask("email=alice@example.com")).isEqualTo("email=[masked]");
    }

    @Test
    void returnsTextWithoutMarkersAsItIs() {
        String plain = "audit chain tail intact after 5 records verified";
        assertThat(SecretMasker.mask(plain)).isSameAs(plain);
        assertThat(SecretMasker.mask(null)).isNull();
    }

    @Test
    void theCardNumberRuleIsTheAuditsToo() {
        // The audit trail masks every PAN-shaped run, Luhn-valid or not (fail closed); logs only the valid ones.
        assertThat(CardNumbers.maskAll("4111111111111112")).isEqualTo("************1112");
        assertThat(CardNumbers.maskLuhnValid("4111111111111112")).isEqualTo("4111111111111112");
        assertThat(CardNumbers.luhnValid("79927398713")).isTrue();
        assertThat(CardNumbers.luhnValid("79927398710")).isFalse();
    }
}
