package io.bulwark.gateway.openapi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The x-bulwark-payment-binding, -owner-field, -owned-items, -owner-lookup and -caller extensions, read from the demo bank's document and checked at load. */
class AuthorizationExtensionsTest {

    private static final Path BANK = Path.of("src/main/resources/demo/bank-openapi.yaml");

    @TempDir
    Path dir;

    private static ApiOperation operation(List<ApiOperation> operations, String id) {
        return operations.stream().filter(o -> o.operationId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theDemoBankDeclaresItsBindingsAndOwners() {
        List<ApiOperation> operations = OpenApiDocument.operations(BANK);
        PaymentBinding payment = operation(operations, "initiatePayment").paymentBinding();
        assertThat(payment.amount()).hasToString("/instructedAmount/amount");
        assertThat(payment.currency()).hasToString("/instructedAmount/currency");
        assertThat(payment.creditorIban()).hasToString("/creditorAccount/iban");
        assertThat(payment.creditorName()).hasToString("/creditorName");
        assertThat(payment.remittance()).hasToString("/remittanceInformation");
        assertThat(payment.debtorAccount()).hasToString("/debtorAccount/accountId");
        assertThat(operation(operations, "getAccount").ownership().owner()).hasToString("/owner/subject");
        ResponseOwnership list = operation(operations, "listAccounts").ownership();
        assertThat(list.items()).hasToString("/accounts");
        assertThat(list.itemOwner()).hasToString("/owner/subject");
        assertThat(list.itemAccount()).hasToString("/accountId");
        assertThat(operation(operations, "getPayment").ownership().owner()).hasToString("/initiatedBy");
        for (String id : List.of("getAccountBalances", "listAccountTransactions")) {
            OwnerLookup lookup = operation(operations, id).ownerLookup();
            assertThat(lookup).as(id).isEqualTo(new OwnerLookup("getAccount", "accountId", "/accounts/{accountId}",
                    com.fasterxml.jackson.core.JsonPointer.compile("/owner/subject")));
            assertThat(lookup.path(java.util.Map.of("accountId", "a%2Fb"))).isEqualTo("/accounts/a%2Fb");
        }
        assertThat(operation(operations, "getAccount").ownerLookup()).isNull();
    }

    @Test
    void theCallerIsReadAndAnOperationThatNamesNoneServesUsersOnly() throws Exception {
        List<ApiOperation> operations = OpenApiDocument.operations(BANK);
        assertThat(operation(operations, "listAccounts").caller()).isEqualTo(AllowedCaller.USER);
        assertThat(operation(operations, "listProducts").caller()).isEqualTo(AllowedCaller.ANY);

        // Fail closed: without the extension, a client's own token (no user) would pass the owner checks, so it is not admitted.
        Path edited = dir.resolve("bank.yaml");
        Files.writeString(edited, Files.readString(BANK).replace("      x-bulwark-caller: user\n", "")
                .replace("      x-bulwark-caller: any\n", "      x-bulwark-caller: client\n"));
        List<ApiOperation> unmarked = OpenApiDocument.operations(edited);
        assertThat(operation(unmarked, "getAccount").caller()).isEqualTo(AllowedCaller.USER);
        assertThat(operation(unmarked, "listProducts").caller()).isEqualTo(AllowedCaller.CLIENT);
        assertThat(AllowedCaller.USER.admits(false)).isFalse();
        assertThat(AllowedCaller.CLIENT.admits(true)).isFalse();
        assertThat(AllowedCaller.ANY.admits(true) && AllowedCaller.ANY.admits(false)).isTrue();
    }

    @Test
    void anUnknownCallerIsReportedWithFileAndPlace() throws Exception {
        refused("      x-bulwark-caller: any\n", "      x-bulwark-caller: machine\n", "paths./products.get.x-bulwark-caller",
                "must be one of user, client, any");
    }

    @Test
    void ownerLookupMistakesAreReportedWithFileAndPlace() throws Exception {
        String lookup = "      x-bulwark-owner-lookup:\n        operation: getAccount\n        parameter: accountId\n";
        String where = "paths./accounts/{accountId}/balances.get.x-bulwark-owner-lookup";
        refusedLookup(lookup, "      x-bulwark-owner-lookup: getAccount\n", where, "must be {operation");
        refusedLookup(lookup, lookup.replace("getAccount", "getAcount"), where + ".operation", "not an operationId of this document");
        refusedLookup(lookup, lookup.replace("getAccount", "listAccounts"), where + ".operation", "not a GET operation with x-bulwark-owner-field");
        refusedLookup(lookup, lookup.replace("getAccount", "initiatePayment"), where + ".operation", "not a GET operation");
        refusedLookup(lookup, lookup.replace("parameter: accountId", "parameter: paymentId"), where + ".parameter",
                "not a parameter of the path /accounts/{accountId}/balances");
        refusedLookup(lookup, lookup.replace("getAccount", "getPayment").replace("accountId", "paymentId"), where + ".parameter",
                "not a parameter of the path");
        refusedLookup(lookup, lookup.replace("getAccount", "getPayment"), where + ".operation", "needs the path parameter `paymentId`");
    }

    /** Only the first lookup (on the balances) is changed. */
    private void refusedLookup(String original, String replacement, String where, String problem) throws Exception {
        String document = Files.readString(BANK);
        int at = document.indexOf(original);
        assertThat(at).isPositive();
        Path edited = dir.resolve("bank.yaml");
        Files.writeString(edited, document.substring(0, at) + replacement + document.substring(at + original.length()));
        assertThatThrownBy(() -> OpenApiDocument.operations(edited)).isInstanceOf(InvalidOpenApiException.class)
                .hasMessageContaining(edited.toString()).hasMessageContaining(where).hasMessageContaining(problem);
    }

    @Test
    void mistakesAreReportedWithFileAndPlace() throws Exception {
        refused("instructedAmount.amount: /instructedAmount/amount", "instructedAmount.amount: /instructedAmount/amout",
                "paths./payments.post.x-bulwark-payment-binding.instructedAmount.amount", "`amout`");
        refused("instructedAmount.currency: /instructedAmount/currency", "creditorAccount.bic: /creditorAccount/iban",
                "x-bulwark-payment-binding.creditorAccount.bic", "not a payment_initiation field");
        refused("        instructedAmount.currency: /instructedAmount/currency\n", "",
                "x-bulwark-payment-binding", "must bind instructedAmount.currency");
        // Every consent page shows the creditor: a binding that could not check it is refused at load.
        refused("        creditorName: /creditorName\n", "", "x-bulwark-payment-binding", "must bind creditorName");
        refused("remittanceInformationUnstructured: /remittanceInformation", "remittanceInformationUnstructured: /remittance",
                "x-bulwark-payment-binding.remittanceInformationUnstructured", "`remittance`");
        refused("debtorAccount.accountId: /debtorAccount/accountId", "debtorAccount.accountId: /debtorAccount/iban",
                "x-bulwark-payment-binding.debtorAccount.accountId", "`iban`");
        refused("x-bulwark-owner-field: /owner/subject", "x-bulwark-owner-field: owner.subject",
                "paths./accounts/{accountId}.get.x-bulwark-owner-field", "JSON Pointer");
        refused("x-bulwark-owner-field: /owner/subject", "x-bulwark-owner-field: /owner/sub",
                "x-bulwark-owner-field", "does not declare");
        refused("        account-field: /accountId", "        account-field: /accountId\n        extra: /x",
                "x-bulwark-owned-items.extra", "is not one of");
        // Checking the answer of a POST would come after the bank has paid.
        refused("      operationId: initiatePayment\n", "      operationId: initiatePayment\n      x-bulwark-owner-field: /paymentId\n",
                "paths./payments.post.x-bulwark-owner-field", "GET operations only");
    }

    private void refused(String original, String replacement, String where, String problem) throws Exception {
        String document = Files.readString(BANK);
        assertThat(document).contains(original);
        Path edited = dir.resolve("bank.yaml");
        Files.writeString(edited, document.replace(original, replacement));
        assertThatThrownBy(() -> OpenApiDocument.operations(edited)).isInstanceOf(InvalidOpenApiException.class)
                .hasMessageContaining(edited.toString()).hasMessageContaining(where).hasMessageContaining(problem);
    }
}
