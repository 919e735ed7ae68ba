package io.bulwark.audit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Signs a head of the audit chain as a compact JWS (RFC 7515) whose payload is {@code {"seq", "hash", "iat"}}, with
 * the audit-checkpoint key that signs now; {@code typ} is {@link #TYPE}, so no other Bulwark signature can pass for one.
 */
public final class AuditCheckpointSigner {

    /** The JWS {@code typ} of a checkpoint (RFC 7515 §4.1.9). */
    public static final JOSEObjectType TYPE = new JOSEObjectType("bulwark-audit-checkpoint+jws");

    /** The key that signs now. */
    public record Key(String keyId, JWSAlgorithm algorithm, JWSSigner signer) {
    }

    private final Supplier<Key> key;

    /** @param key the audit-checkpoint key that signs now, asked again at each checkpoint so a rotation is followed */
    public AuditCheckpointSigner(Supplier<Key> key) {
        this.key = key;
    }

    public AuditCheckpoint sign(AuditChain.Head head, Instant at) {
        Key signing = key.get();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("seq", head.seq());
        payload.put("hash", head.hash());
        payload.put("iat", at.getEpochSecond());
        JWSObject jws = new JWSObject(new JWSHeader.Builder(signing.algorithm()).keyID(signing.keyId()).type(TYPE).build(),
                new Payload(payload));
        try {
            jws.sign(signing.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign an audit checkpoint with key " + signing.keyId(), e);
        }
        return new AuditCheckpoint(head.seq(), head.hash(), Instant.ofEpochSecond(at.getEpochSecond()), signing.keyId(), jws.serialize());
    }
}
