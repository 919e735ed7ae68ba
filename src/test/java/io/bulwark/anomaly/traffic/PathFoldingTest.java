package io.bulwark.anomaly.traffic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathFoldingTest {

    @Test
    void identifiersFoldAndWordsStay() {
        assertThat(PathFolding.fold("/bank/v1/accounts/12345/balances?x=1").template()).isEqualTo("/bank/v1/accounts/{id}/balances");
        assertThat(PathFolding.fold("/bank/v1/payments/3f2b8c1e-9a4d-4f6b-8c2a-1d2e3f4a5b6c").template()).isEqualTo("/bank/v1/payments/{id}");
        assertThat(PathFolding.fold("/objects/5f3a9c0d7e1b").template()).isEqualTo("/objects/{id}");
        assertThat(PathFolding.fold("/accounts/acc-dbdacecd").template()).as("prefixed hex id").isEqualTo("/accounts/{id}");
        assertThat(PathFolding.fold("/invoices/INV2024001").template()).as("mixed letters and digits").isEqualTo("/invoices/{id}");
        assertThat(PathFolding.fold("/t/aGVsbG8gd29ybGQgdGhpcyBpcyBsb25n").template()).as("long token").isEqualTo("/t/{id}");
        assertThat(PathFolding.fold("/tienda1/imagenes/3.gif").template()).as("file names and versioned words stay").isEqualTo("/tienda1/imagenes/3.gif");
        assertThat(PathFolding.fold("/oauth2/v1/decade/facade").template()).isEqualTo("/oauth2/v1/decade/facade");
        assertThat(PathFolding.fold("/").template()).isEqualTo("/");
    }

    @Test
    void foldedSegmentsAreNamedAfterTheLiteralBeforeThem() {
        PathFolding.FoldedPath folded = PathFolding.fold("/users/42/orders/77");
        assertThat(folded.folded()).containsExactly(new PathFolding.Segment("path.users", "42"), new PathFolding.Segment("path.orders", "77"));
        assertThat(PathFolding.fold("/42").folded()).containsExactly(new PathFolding.Segment("path.1", "42"));
    }
}
