package io.bulwark.gateway.openapi;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ClassifiedFieldNamesTest {

    @Test
    void theDemoBanksPersonalAndCardFieldsAreNamedAndItsPublicOnesAreNot() {
        ApiContract bank = ApiContract.load(Path.of("src/main/resources/demo/bank-openapi.yaml"));
        assertThat(bank.classifiedFieldNames()).contains("fullName", "address", "dateOfBirth", "email", "phone", "pan", "cardExpiry", "owner")
                .doesNotContain("title", "detail", "balanceAmount", "transactionAmount");
    }
}
