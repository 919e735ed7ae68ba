package io.bulwark.bench;

import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;

/**
 * What the client signs and chooses for one flow, made before a round's clock starts: the PAR body (its client
 * assertion inside) and DPoP proof, the token request's client assertion and DPoP proof, PKCE and state; and who signs in.
 *
 * @param secondFactorCode the TOTP code the user types if asked (a payment), or null
 * @param resource         the gateway URL to GET with the token at the end, or null for none
 */
record FlowTicket(DemoLogin user, String parBody, String parProof, PrivateKeyJWT tokenAuthentication, String tokenProof,
                  CodeVerifier verifier, State state, String secondFactorCode, String resource) {

    @Override
    public String toString() {
        return "FlowTicket[" + user.username() + ", signed parts redacted]";
    }
}
