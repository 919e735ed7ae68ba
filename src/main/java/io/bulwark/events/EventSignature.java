package io.bulwark.events;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import io.bulwark.oauth.keys.SigningKeyRing;

import java.nio.charset.StandardCharsets;

/**
 * Signs a webhook body with the gateway's identity key (the keys at the gateway's {@code /.well-known/jwks.json}):
 * a JWS in compact form with a detached payload (RFC 7515 Appendix F), {@code header..signature}, sent in the
 * {@code Bulwark-Signature} header. A receiver puts the base64url of the body it received between the dots and
 * verifies that JWS with the key named by {@code kid}. Signed afresh at each attempt, so always with a published key.
 */
public final class EventSignature {

    /** The {@code typ} of the JWS header (RFC 7515 §4.1.9), so a signature made for events is not taken for anything else. */
    public static final JOSEObjectType TYPE = new JOSEObjectType("bulwark-event+jws");
    public static final String HEADER = "Bulwark-Signature";

    private final SigningKeyRing keys;

    public EventSignature(SigningKeyRing keys) {
        this.keys = keys;
    }

    /** The detached JWS over {@code body}'s UTF-8 bytes. */
    public String sign(String body) {
        SigningKeyRing.Active key = keys.active();
        JWSObject jws = new JWSObject(new JWSHeader.Builder(key.algorithm()).keyID(key.keyId()).type(TYPE).build(),
                new Payload(body.getBytes(StandardCharsets.UTF_8)));
        try {
            jws.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("a security event could not be signed", e);
        }
        return jws.serialize(true);
    }
}
