package io.bulwark.oauth.clientauth;

import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Map;

/**
 * The client id a token request claims, before anything is verified: {@code client_id}, else the assertion's
 * {@code sub} (RFC 7523 §3: the client_id). Used only to count failures against the id being tried.
 */
final class ClaimedClientId {

    /** Longer ids are cut: they are only counted, and a store key must stay bounded. */
    private static final int MAX_LENGTH = 256;

    private ClaimedClientId() {
    }

    static String of(Map<String, String> params) {
        String clientId = params.get("client_id");
        if (clientId == null && params.get("client_assertion") != null) {
            try {
                clientId = SignedJWT.parse(params.get("client_assertion")).getJWTClaimsSet().getSubject();
            } catch (ParseException e) {
                clientId = null;
            }
        }
        if (clientId == null) {
            return "";
        }
        return clientId.length() > MAX_LENGTH ? clientId.substring(0, MAX_LENGTH) : clientId;
    }
}
