package io.bulwark.oauth.rar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 9396 §5: known types read strictly; unknown or malformed details refused with a message naming the member. */
class AuthorizationDetailsParserTest {

    private static final Set<String> BOTH = AuthorizationDetailsParser.TYPES;
    private static final String PAYMENT = """
            {"type":"payment_initiation","actions":["initiate","status"],
             "instructedAmount":{"amount":"123.50","currency":"EUR"},
             "creditorName":"Merchant A","creditorAccount":{"iban":"DE02100100109307118603"},
             "remittanceInformationUnstructured":"Ref Number Merchant"}""";

    @Test
    void readsBothTypes() {
        List<AuthorizationDetail> details = AuthorizationDetailsParser.parse(
                "[{\"type\":\"account_information\",\"actions\":[\"list_accounts\",\"read_balances\"],\"accounts\":[\"acc-1\",\"acc-2\"]},"
                        + PAYMENT + "]", BOTH);

        assertThat(details).containsExactly(
                new AccountInformation(List.of("list_accounts", "read_balances"), List.of("acc-1", "acc-2")),
                new PaymentInitiation(List.of("initiate", "status"), new BigDecimal("123.50"), "EUR", "DE02100100109307118603",
                        "Merchant A", "Ref Number Merchant", null));
    }

    @Test
    void accountsMayBeLeftToTheUserAndPaymentActionsDefaultToInitiate() {
        List<AuthorizationDetail> details = AuthorizationDetailsParser.parse("""
                [{"type":"account_information","actions":["read_transactions"]},
                 {"type":"payment_initiation","instructedAmount":{"amount":"7","currency":"JPY"},
                  "creditorName":"Shop","creditorAccount":{"iban":"GB33BUKB20201555555555"}}]""", BOTH);

        assertThat(((AccountInformation) details.get(0)).accounts()).isEmpty();
        assertThat(((PaymentInitiation) details.get(1)).actions()).containsExactly("initiate");
    }

    @Test
    void writtenDetailsReadBackEqual() {
        List<AuthorizationDetail> details = AuthorizationDetailsParser.parse("[" + PAYMENT
                + ",{\"type\":\"account_information\",\"actions\":[\"list_accounts\"],\"accounts\":[\"a\"]}]", BOTH);

        assertThat(AuthorizationDetailsJson.read(AuthorizationDetailsJson.write(details))).isEqualTo(details);
        assertThat(AuthorizationDetailsJson.write(details)).contains("\"amount\":\"123.50\"");
        assertThat(AuthorizationDetailsJson.read("[]")).isEmpty();
    }

    @Test
    void aTypeTheClientIsNotRegisteredForIsRefused() {
        assertThatThrownBy(() -> AuthorizationDetailsParser.parse("[" + PAYMENT + "]", Set.of("account_information")))
                .isInstanceOf(InvalidAuthorizationDetailsException.class)
                .hasMessage("authorization_details[0].type `payment_initiation` is not registered for this client");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"tax_return\"}|authorization_details[0].type `tax_return` is not supported",
            "{\"actions\":[\"read_balances\"]}|authorization_details[0].type is required",
            "{\"type\":42}|authorization_details[0].type is required and must be a string",
            "{\"type\":\"account_information\"}|authorization_details[0].actions is required",
            "{\"type\":\"account_information\",\"actions\":[]}|authorization_details[0].actions must be a non-empty array",
            "{\"type\":\"account_information\",\"actions\":\"read_balances\"}|authorization_details[0].actions must be a non-empty array",
            "{\"type\":\"account_information\",\"actions\":[\"read_balances\",\"read_balances\"]}|authorization_details[0].actions repeats `read_balances`",
            "{\"type\":\"account_information\",\"actions\":[\"delete_account\"]}|authorization_details[0].actions must hold only one or more of",
            "{\"type\":\"account_information\",\"actions\":[\"read_balances\"],\"accounts\":[\"a b\"]}|authorization_details[0].accounts must hold only account ids",
            "{\"type\":\"account_information\",\"actions\":[\"read_balances\"],\"locations\":[\"https://x\"]}|authorization_details[0] has the unknown field `locations`",
            "{\"type\":\"payment_initiation\",\"creditorName\":\"A\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}|authorization_details[0].instructedAmount is required",
            "{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"1.00\",\"currency\":\"EUR\",\"fx\":1},\"creditorName\":\"A\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}|authorization_details[0].instructedAmount has the unknown field `fx`",
            "{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":1.00,\"currency\":\"EUR\"},\"creditorName\":\"A\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}|authorization_details[0].instructedAmount.amount is required and must be a non-empty string",
            "{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"1e3\",\"currency\":\"EUR\"},\"creditorName\":\"A\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}|authorization_details[0].instructedAmount.amount must be a decimal string",
            "{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"0.00\",\"currency\":\"EUR\"},\"creditorName\":\"A\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}|authorization_details[0].instructedAmount.amount must be greater than zero",
            "{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"1.5\",\"currency\":\"JPY\"},\"creditorName\":\"A\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}|has more decimals than JPY allows (0)",
            "{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"1.00\",\"currency\":\"XYZ\"},\"creditorName\":\"A\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}|instructedAmount.currency must be an ISO 4217 currency code",
            "{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},\"creditorName\":\"A\",\"creditorAccount\":{\"iban\":\"DE02 1001 0010 9307 1186 03\"}}|creditorAccount.iban is not a valid IBAN",
            "{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},\"creditorName\":\"A\",\"creditorAccount\":{\"iban\":\"DE02100100109307118604\"}}|creditorAccount.iban is not a valid IBAN",
            "{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}|authorization_details[0].creditorName is required",
            "{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},\"creditorName\":\"A\\u0007\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}|creditorName contains the control character U+0007",
            "{\"type\":\"payment_initiation\",\"actions\":[\"refund\"],\"instructedAmount\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},\"creditorName\":\"A\",\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"}}|authorization_details[0].actions must hold only"})
    void malformedDetailsAreRefusedNamingTheMember(String detail, String message) {
        assertThatThrownBy(() -> AuthorizationDetailsParser.parse("[" + detail + "]", BOTH))
                .isInstanceOf(InvalidAuthorizationDetailsException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Shop \\u202Etlobal\\u202C Ltd|creditorName|U+202E",          // right-to-left override: shown reversed
            "Merchant\\u2066 A\\u2069|creditorName|U+2066",               // left-to-right isolate
            "Mer\\u200Bchant A|creditorName|U+200B",                       // zero-width space
            "Merchant\\u00ADA|creditorName|U+00AD",                         // soft hyphen
            "Merchant A\\u2028Paid|creditorName|U+2028",                   // line separator
            "\\u3164|creditorName|U+3164",                                 // Hangul filler: a blank that is not a space
            "Invoice 42\\u200F|remittanceInformationUnstructured|U+200F",  // right-to-left mark
            "Invoice\\u0009 42|remittanceInformationUnstructured|U+0009"})
    void textThatWouldNotShowAsWrittenOnTheConsentPageIsRefused(String text, String field, String codePoint) {
        String detail = "{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},"
                + "\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"},\"creditorName\":\""
                + (field.equals("creditorName") ? text : "Merchant A") + "\""
                + (field.equals("creditorName") ? "" : ",\"" + field + "\":\"" + text + "\"") + "}";
        assertThatThrownBy(() -> AuthorizationDetailsParser.parse("[" + detail + "]", BOTH))
                .isInstanceOf(InvalidAuthorizationDetailsException.class)
                .hasMessageContaining("authorization_details[0]." + field).hasMessageContaining(codePoint);
    }

    @Test
    void visibleNonLatinNamesAndSpacesPass() {
        String detail = "{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"1.00\",\"currency\":\"EUR\"},"
                + "\"creditorAccount\":{\"iban\":\"DE02100100109307118603\"},\"creditorName\":\"Müller & Söhne – 東京 שלום ☕\","
                + "\"remittanceInformationUnstructured\":\"Rechnung Nr. 42\"}";
        assertThat(((PaymentInitiation) AuthorizationDetailsParser.parse("[" + detail + "]", BOTH).getFirst()).creditorName())
                .isEqualTo("Müller & Söhne – 東京 שלום ☕");
    }

    @Test
    void theParameterItselfMustBeANonEmptyArrayOfAtMostTenObjectsWithoutRepeatedMembers() {
        for (String json : List.of("{}", "[]", "\"x\"", "[1]", "not json",
                "[{\"type\":\"account_information\",\"type\":\"payment_initiation\",\"actions\":[\"list_accounts\"]}]")) {
            assertThatThrownBy(() -> AuthorizationDetailsParser.parse(json, BOTH)).as(json)
                    .isInstanceOf(InvalidAuthorizationDetailsException.class).hasMessageContaining("authorization_details");
        }
        String eleven = "[" + String.join(",", java.util.Collections.nCopies(11,
                "{\"type\":\"account_information\",\"actions\":[\"list_accounts\"]}")) + "]";
        assertThatThrownBy(() -> AuthorizationDetailsParser.parse(eleven, BOTH)).hasMessageContaining("more than 10");
    }

    @Test
    void aCreditorNameLongerThanIso20022AllowsIsRefused() {
        String name = "N".repeat(71);
        assertThatThrownBy(() -> AuthorizationDetailsParser.parse(PAYMENT.replace("Merchant A", name).transform(p -> "[" + p + "]"), BOTH))
                .hasMessageContaining("creditorName is longer than 70 characters");
    }
}
