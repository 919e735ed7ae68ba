package io.bulwark.audit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.digest.ConstantTime;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks signed checkpoints against the chain: each JWS must verify with one of the trusted audit-checkpoint keys, and
 * the record it names must still be in the chain with the hash it signed. A chain cut short (its end and head moved
 * back) then ends before a checkpoint, and a chain hashed again from some record on (even with the chain key) no longer
 * has the hash a checkpoint signed; neither can be hidden without the audit-checkpoint private key, which the database
 * does not hold in clear. Records after the newest checkpoint are covered by the tail anchor only.
 */
public final class AuditCheckpointVerifier {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final JWKSet trusted;

    /**
     * The outcome.
     *
     * @param verified   how many checkpoints in the range were found to match the chain
     * @param brokenAt   the record the first failing checkpoint names (0 when none, or when its signature failed)
     * @param problem    what is wrong, or null when every checkpoint in the range holds
     * @param newest     the newest record a checkpoint in the range vouches for, or 0
     */
    public record Result(int verified, long brokenAt, String problem, long newest) {

        public boolean intact() {
            return problem == null;
        }
    }

    private record Signed(long seq, String hash, Instant signedAt) {
    }

    /** A checkpoint that does not verify; its message names it and what is wrong. */
    private static final class BadCheckpoint extends Exception {
        BadCheckpoint(String message) {
            super(message, null, false, false);
        }
    }

    /** @param trusted the audit-checkpoint public keys: the store's own (checked against the master key) or a saved copy of the JWKS */
    public AuditCheckpointVerifier(JWKSet trusted) {
        this.trusted = trusted;
    }

    /**
     * Verifies {@code jwsList} (from the store, or from an exported file named {@code source}) against the records
     * {@code from} to {@code to} of the chain.
     */
    public Result verify(List<String> jwsList, String source, AuditRecords records, long from, long to) {
        List<Signed> signed = new ArrayList<>();
        for (int i = 0; i < jwsList.size(); i++) {
            try {
                signed.add(open(jwsList.get(i), "checkpoint " + (i + 1) + " of " + source));
            } catch (BadCheckpoint e) {
                return new Result(0, 0, e.getMessage(), 0);
            }
        }
        signed.sort(Comparator.comparingLong(Signed::seq));
        AuditChain.Head head = records.head();
        int verified = 0;
        long newest = 0;
        for (Signed checkpoint : signed) {
            if (checkpoint.seq() < from || checkpoint.seq() > to) {
                continue;
            }
            List<ChainedAuditRecord> found = records.after(checkpoint.seq() - 1, 1);
            if (found.isEmpty() || found.getFirst().seq() != checkpoint.seq()) {
                String problem = checkpoint.seq() > head.seq()
                        ? "the chain ends at record " + head.seq() + " but the checkpoint signed at " + checkpoint.signedAt()
                        + " vouches for record " + checkpoint.seq() + ": records were removed from the end"
                        : "record " + checkpoint.seq() + ", which the checkpoint signed at " + checkpoint.signedAt()
                        + " vouches for, is missing: records were removed";
                return new Result(verified, checkpoint.seq(), problem, newest);
            }
            if (!ConstantTime.equal(found.getFirst().hash(), checkpoint.hash())) {
                return new Result(verified, checkpoint.seq(), "record " + checkpoint.seq() + " is not the record the checkpoint signed at "
                        + checkpoint.signedAt() + " vouches for: the chain was rewritten up to it (hashed again, without the "
                        + "audit-checkpoint key)", newest);
            }
            verified++;
            newest = checkpoint.seq();
        }
        return new Result(verified, 0, null, newest);
    }

    /** The signed payload of a checkpoint that verifies with a trusted key. */
    private Signed open(String compact, String where) throws BadCheckpoint {
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact.strip());
        } catch (ParseException e) {
            throw new BadCheckpoint(where + " is not a JWS: it was altered");
        }
        if (!AuditCheckpointSigner.TYPE.equals(jws.getHeader().getType()) || !JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
            throw new BadCheckpoint(where + " is not an ES256 audit checkpoint (typ " + AuditCheckpointSigner.TYPE + "): it was forged");
        }
        String keyId = jws.getHeader().getKeyID();
        JWK key = keyId == null ? null : trusted.getKeyByKeyId(keyId);
        if (!(key instanceof ECKey ecKey)) {
            throw new BadCheckpoint(where + " is signed by key " + keyId
                    + ", which is not an audit-checkpoint key of this deployment: it was forged");
        }
        try {
            if (!jws.verify(new ECDSAVerifier(ecKey.toPublicJWK()))) {
                throw new BadCheckpoint(where + " does not verify with key " + keyId + ": it was altered or forged");
            }
        } catch (JOSEException e) {
            throw new BadCheckpoint(where + " could not be verified with key " + keyId + ": " + e.getMessage());
        }
        Map<String, Object> payload = jws.getPayload().toJSONObject();
        if (payload == null || !(payload.get("seq") instanceof Number seq) || !(payload.get("hash") instanceof String hash)
                || !HASH.matcher(hash).matches() || !(payload.get("iat") instanceof Number iat)) {
            throw new BadCheckpoint(where + " verifies but its payload lacks `seq`, `hash` or `iat`");
        }
        return new Signed(seq.longValue(), hash, Instant.ofEpochSecond(iat.longValue()));
    }
}
