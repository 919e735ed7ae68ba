package io.bulwark.gateway.openapi;

import io.bulwark.testing.TestOperations;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTableTest {

    private final RouteTable table = new RouteTable().add("bank", "/bank/v1", List.of(
            TestOperations.operation("listAccounts", "GET", "/accounts", List.of(Set.of("accounts:read"))),
            TestOperations.operation("getAccount", "GET", "/accounts/{accountId}", List.of(Set.of("accounts:read"))),
            TestOperations.operation("getStatement", "GET", "/accounts/statements", List.of(Set.of("accounts:read"))),
            TestOperations.operation("createPayment", "POST", "/payments", List.of(Set.of("payments:write")))));

    @Test
    void matchesDeclaredOperationsAndExtractsParameters() {
        MatchedOperation match = table.match("GET", "/bank/v1/accounts/acc-1").orElseThrow();
        assertThat(match.operation().operationId()).isEqualTo("getAccount");
        assertThat(match.pathParameters()).containsEntry("accountId", "acc-1");
        assertThat(match.upstreamPath()).isEqualTo("/accounts/acc-1");
        assertThat(match.apiName()).isEqualTo("bank");
    }

    @Test
    void concretePathsWinOverTemplates() {
        assertThat(table.match("GET", "/bank/v1/accounts/statements").orElseThrow().operation().operationId()).isEqualTo("getStatement");
    }

    @Test
    void precedenceIsTheDeclarationScansWhateverTheTreeWalks() {
        // Fewer templated segments first, then declaration order, across APIs and nested base paths alike.
        RouteTable routes = new RouteTable()
                .add("outer", "/bank", List.of(
                        TestOperations.operation("outerTemplate", "GET", "/v1/{x}/b", List.of(Set.of("a"))),
                        TestOperations.operation("outerConcrete", "GET", "/v1/items/c", List.of(Set.of("a")))))
                .add("inner", "/bank/v1", List.of(
                        TestOperations.operation("innerFirst", "GET", "/{y}/b", List.of(Set.of("a"))),
                        TestOperations.operation("innerConcrete", "GET", "/items/c", List.of(Set.of("a"))),
                        TestOperations.operation("innerTwoTemplates", "GET", "/{p}/{q}", List.of(Set.of("a"))),
                        TestOperations.operation("innerPost", "POST", "/items/c", List.of(Set.of("a")))));
        assertThat(routes.match("GET", "/bank/v1/items/c").orElseThrow().operation().operationId()).isEqualTo("outerConcrete");
        assertThat(routes.match("GET", "/bank/v1/items/b").orElseThrow().operation().operationId()).isEqualTo("outerTemplate");
        assertThat(routes.match("GET", "/bank/v1/items/d").orElseThrow().operation().operationId()).isEqualTo("innerTwoTemplates");
        assertThat(routes.match("GET", "/bank/v1/items/d").orElseThrow().pathParameters()).containsEntry("p", "items").containsEntry("q", "d");
        assertThat(routes.match("POST", "/bank/v1/items/c").orElseThrow().operation().operationId()).isEqualTo("innerPost");
        assertThat(routes.match("POST", "/bank/v1/items/d")).isEmpty();
        MatchedOperation outer = routes.match("GET", "/bank/v1/x/b").orElseThrow();
        assertThat(outer.apiName()).isEqualTo("outer");
        assertThat(outer.upstreamPath()).isEqualTo("/v1/x/b");
        assertThat(outer.pathParameters()).containsEntry("x", "x");
    }

    @Test
    void findsOneOperationAmongTenThousand() {
        List<ApiOperation> many = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(TestOperations.operation("generated" + i, "GET", "/catalogue/c" + i + (i % 2 == 0 ? "/items" : "/items/{id}"),
                    List.of(Set.of("a"))));
        }
        RouteTable large = new RouteTable().add("bank", "/bank/v1", many).add("bank", "/bank/v1", List.of(
                TestOperations.operation("listProducts", "GET", "/products", List.of(Set.of("a")))));
        assertThat(large.match("GET", "/bank/v1/products").orElseThrow().operation().operationId()).isEqualTo("listProducts");
        assertThat(large.match("GET", "/bank/v1/catalogue/c9999/items/42").orElseThrow().operation().operationId()).isEqualTo("generated9999");
        assertThat(large.match("GET", "/bank/v1/catalogue/c9999/items")).isEmpty();
        assertThat(large.match("GET", "/bank/v1/catalogue/c10000/items")).isEmpty();
    }

    @Test
    void undeclaredMethodsPathsAndPrefixesDoNotMatch() {
        assertThat(table.match("DELETE", "/bank/v1/accounts/acc-1")).isEmpty();
        assertThat(table.match("GET", "/bank/v1/admin")).isEmpty();
        assertThat(table.match("GET", "/bank/v1")).isEmpty();
        assertThat(table.match("GET", "/bank/v1/accounts/acc-1/extra")).isEmpty();
        assertThat(table.match("GET", "/bank/v1accounts")).isEmpty();
        assertThat(table.match("GET", "/other/v1/accounts")).isEmpty();
    }

    @Test
    void nonCanonicalPathsNeverMatch() {
        for (String path : List.of("/bank/v1/accounts/../payments", "/bank/v1//accounts", "/bank/v1/./accounts",
                "/bank/v1/accounts/a%2Fb", "/bank/v1/accounts/%2e%2e", "/bank/v1/accounts/a\\b", "/bank/v1/accounts/",
                "/bank/v1/accounts/x%00")) {
            assertThat(table.match("GET", path)).as(path).isEmpty();
        }
    }

    @Test
    void readsOperationsAndScopesFromAnOpenApiDocument() throws Exception {
        Path doc = Files.createTempFile("api", ".yaml");
        Files.writeString(doc, """
                openapi: 3.1.0
                info: {title: t, version: '1'}
                components:
                  securitySchemes:
                    bulwark: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://as/token', scopes: {a: a, b: b}}}}
                security: [{bulwark: [a]}]
                paths:
                  /things:
                    get: {operationId: listThings, responses: {'200': {description: ok}}}
                    post:
                      operationId: makeThing
                      security: [{bulwark: [a, b]}]
                      responses: {'201': {description: ok}}
                    parameters: []
                """);
        List<ApiOperation> operations = OpenApiDocument.operations(doc);
        assertThat(operations).containsExactlyInAnyOrder(
                TestOperations.operation("listThings", "GET", "/things", List.of(Set.of("a"))),
                TestOperations.operation("makeThing", "POST", "/things", List.of(Set.of("a", "b"))));
    }

    @Test
    void refusesAnOperationWithoutSecurity() throws Exception {
        Path doc = Files.createTempFile("api", ".yaml");
        Files.writeString(doc, """
                openapi: 3.0.3
                info: {title: t, version: '1'}
                paths:
                  /open:
                    get: {responses: {'200': {description: ok}}}
                """);
        assertThatThrownBy(() -> OpenApiDocument.operations(doc))
                .isInstanceOf(InvalidOpenApiException.class)
                .hasMessageContaining("paths./open.get.security")
                .hasMessageContaining("declares no security requirement");
    }

    @Test
    void refusesAnAnonymousAlternative() throws Exception {
        Path doc = Files.createTempFile("api", ".yaml");
        Files.writeString(doc, """
                openapi: 3.1.0
                info: {title: t, version: '1'}
                components: {securitySchemes: {o: {type: oauth2, flows: {}}}}
                paths:
                  /x:
                    get: {security: [{o: [a]}, {}], responses: {'200': {description: ok}}}
                """);
        assertThatThrownBy(() -> OpenApiDocument.operations(doc)).hasMessageContaining("anonymous");
    }

    @Test
    void refusesSomethingThatIsNotOpenApi3() throws Exception {
        Path doc = Files.createTempFile("api", ".yaml");
        Files.writeString(doc, "swagger: '2.0'\n");
        assertThatThrownBy(() -> OpenApiDocument.operations(doc)).hasMessageContaining("OpenAPI 3.0.x or 3.1.x");
        Files.writeString(doc, "openapi: [unclosed\n");
        assertThatThrownBy(() -> OpenApiDocument.operations(doc)).hasMessageContaining("not valid YAML");
    }
}
