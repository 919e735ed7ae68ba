package io.bulwark.digest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The one SHA-256, against published vectors. */
class Sha256Test {

    @Test
    void matchesTheFips180Vector() {
        // FIPS 180-4 example "abc" (NIST CSRC SHA256.pdf).
        assertThat(HexFormat.of().formatHex(Sha256.of("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.of("ab".getBytes(StandardCharsets.UTF_8), "c".getBytes(StandardCharsets.UTF_8))).isEqualTo(Sha256.of("abc"));
    }

    @Test
    void base64UrlIsUnpaddedAsRfc9449AthIs() {
        // RFC 9449 §7.1: the ath of the example access token.
        assertThat(Sha256.base64Url("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"))
                .isEqualTo("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
    }
}
