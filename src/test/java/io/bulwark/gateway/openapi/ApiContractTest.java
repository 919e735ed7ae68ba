package io.bulwark.gateway.openapi;

import io.bulwark.testing.TestOperations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Compiling documents into contracts: what is read, and what Bulwark refuses to start with. */
class ApiContractTest {

    private static final Path BANK = Path.of("src/main/resources/demo/bank-openapi.yaml");
    private static final Path CARDS = Path.of("src/test/resources/contract/cards-openapi.yaml");

    @TempDir
    Path dir;

    private static ApiOperation op(String method, String path) {
        return TestOperations.operation(method + path, method, path, List.of(Set.of()));
    }

    @Test
    void readsParametersBodiesAndResponsesWithTheirReferencesResolved() {
        ApiContract bank = ApiContract.load(BANK);
        OperationContract transactions = bank.operation(op("GET", "/accounts/{accountId}/transactions"));
        assertThat(transactions.parameters()).extracting(ParameterContract::name)
                .containsExactly("accountId", "fromBookingDate", "toBookingDate", "page", "pageSize");
        ParameterContract accountId = transactions.parameters(ParameterContract.Location.PATH).getFirst();
        assertThat(accountId.required()).isTrue();
        assertThat(accountId.schema().pointer()).isEqualTo("/components/parameters/AccountId/schema");
        assertThat(transactions.parameters(ParameterContract.Location.QUERY).get(2).scalarTypes()).containsExactly("integer");
        assertThat(transactions.body()).isNull();

        OperationContract payment = bank.operation(op("POST", "/payments"));
        assertThat(payment.body().required()).isTrue();
        assertThat(payment.body().media()).containsOnlyKeys("application/json");
        assertThat(payment.response(201).media()).containsOnlyKeys("application/json");
        assertThat(payment.response(422).media()).containsOnlyKeys("application/problem+json");
        assertThat(payment.response(503)).as("default").isNotNull();
        ApiContract cards = ApiContract.load(CARDS);
        assertThat(cards.operation(op("GET", "/cards/{cardId}")).response(404)).as("4XX range").isNotNull();
        assertThat(cards.operation(op("GET", "/cards/{cardId}")).response(500)).isNull();
        assertThat(cards.operation(op("GET", "/leaky/{kind}")).response(204).media()).isEmpty();
    }

    @Test
    void fieldShapesCarryClassificationsThroughReferencesAndArrays() {
        FieldShape list = ApiContract.load(BANK).operation(op("GET", "/accounts")).response(200).media().get("application/json").schema().shape();
        FieldShape account = list.property("accounts").items();
        assertThat(list.property("accounts").classification()).isEqualTo(Classification.PUBLIC);
        assertThat(account.property("pan").classification()).isEqualTo(Classification.PCI);
        assertThat(account.property("iban").classification()).isEqualTo(Classification.FINANCIAL);
        assertThat(account.property("owner").classification()).isEqualTo(Classification.PERSONAL);
        assertThat(account.property("owner").property("address").property("city").classification()).isEqualTo(Classification.PERSONAL);
        assertThat(account.property("owner").property("subject").classification()).isEqualTo(Classification.INTERNAL);
        assertThat(account.property("isAdmin")).isNull();
        assertThat(account.allowsUnknown()).isFalse();
    }

    @Test
    void theDataAccessPolicyIsReadFromTheSecurityScheme() {
        DataAccessPolicy bank = ApiContract.load(BANK).dataAccess();
        assertThat(bank.visibleTo(Set.of("accounts:read"))).containsExactlyInAnyOrder(
                Classification.PUBLIC, Classification.INTERNAL, Classification.FINANCIAL);
        assertThat(bank.visibleTo(Set.of("accounts:read", "customers:read"))).contains(Classification.PERSONAL)
                .doesNotContain(Classification.PCI, Classification.SECRET);
        assertThat(bank.unclassified()).isEqualTo(Classification.PERSONAL);
        assertThat(ApiContract.load(CARDS).dataAccess().visibleTo(Set.of("cards:pan"))).contains(Classification.PCI);
    }

    private Path document(String paths, String extra) throws IOException {
        Path file = dir.resolve("api-" + System.nanoTime() + ".yaml");
        Files.writeString(file, """
                openapi: 3.1.0
                info: {title: t, version: '1'}
                paths:
                %s
                components:
                  securitySchemes:
                    oauth:
                      type: oauth2
                      flows: {clientCredentials: {tokenUrl: https://x/token, scopes: {'a:read': a}}}
                %s
                """.formatted(paths.indent(2), extra.indent(6)));
        return file;
    }

    private static final String GET_ITEMS = """
            /items/{id}:
              get:
                security: [{oauth: ['a:read']}]
                parameters:
                  - {name: id, in: path, required: true, schema: {type: string}}
                responses: {'200': {description: ok}}
            """;

    @Test
    void refusesWhatItCannotEnforce() throws IOException {
        assertThatThrownBy(() -> ApiContract.load(document(GET_ITEMS.replace("{type: string}", "{$ref: 'other.yaml#/X'}"), "")))
                .isInstanceOf(InvalidOpenApiException.class).hasMessageContaining("points outside this document");
        assertThatThrownBy(() -> ApiContract.load(document(GET_ITEMS.replace("{type: string}", "{$ref: '#/components/schemas/Nope'}"), "")))
                .hasMessageContaining("points at nothing");
        assertThatThrownBy(() -> ApiContract.load(document(GET_ITEMS.replace("in: path, required: true, schema: {type: string}",
                "in: path, required: true, content: {application/json: {}}"), "")))
                .hasMessageContaining("`content` are not supported");
        assertThatThrownBy(() -> ApiContract.load(document(GET_ITEMS.replace("{name: id, in: path, required: true, schema: {type: string}}",
                "{name: q, in: query, schema: {type: string}}"), "")))
                .hasMessageContaining("does not declare the path parameter {id}");
        assertThatThrownBy(() -> ApiContract.load(document(GET_ITEMS.replace("required: true, schema: {type: string}}",
                "required: true, schema: {type: string}}\n      - {name: f, in: query, style: deepObject, schema: {type: string}}"), "")))
                .hasMessageContaining("`deepObject` is not supported");
        assertThatThrownBy(() -> ApiContract.load(document(GET_ITEMS.replace("required: true, schema: {type: string}}",
                "required: true, schema: {type: string}}\n      - {name: f, in: query, schema: {type: object}}"), "")))
                .hasMessageContaining("object-valued parameters");
    }

    @Test
    void refusesDataAccessPoliciesThatCouldLeak() throws IOException {
        assertThatThrownBy(() -> ApiContract.load(document(GET_ITEMS, "x-bulwark-data-access: {scopes: {'a:read': [secret]}}")))
                .isInstanceOf(InvalidOpenApiException.class).hasMessageContaining("grants `secret`");
        assertThatThrownBy(() -> ApiContract.load(document(GET_ITEMS, "x-bulwark-data-access: {default: [public, confidential]}")))
                .hasMessageContaining("`confidential` is not a classification");
        assertThatThrownBy(() -> ApiContract.load(document(GET_ITEMS, "x-bulwark-data-access: {everyone: [public]}")))
                .hasMessageContaining("is not a known key");
    }

    @Test
    void aDocumentWithoutAPolicyGetsTheDefaultAndNeverPersonalData() throws IOException {
        DataAccessPolicy policy = ApiContract.load(document(GET_ITEMS, "")).dataAccess();
        assertThat(policy).isEqualTo(DataAccessPolicy.DEFAULT);
        assertThat(policy.visibleTo(Set.of("a:read"))).doesNotContain(Classification.PERSONAL, Classification.PCI, Classification.SECRET);
    }

    @Test
    void openApi30NullableIsUnderstood() throws IOException {
        Path file = document(GET_ITEMS.replace("{type: string}", "{type: string, nullable: true, maxLength: 3}"), "")
                ;
        Files.writeString(file, Files.readString(file).replace("openapi: 3.1.0", "openapi: 3.0.3"));
        ParameterContract id = ApiContract.load(file).operation(op("GET", "/items/{id}")).parameters().getFirst();
        assertThat(id.schema().violations(com.fasterxml.jackson.databind.node.NullNode.getInstance())).isEmpty();
        assertThat(id.schema().violations(com.fasterxml.jackson.databind.node.TextNode.valueOf("abcd")))
                .extracting(SchemaViolation::keyword).containsExactly("maxLength");
    }
}
