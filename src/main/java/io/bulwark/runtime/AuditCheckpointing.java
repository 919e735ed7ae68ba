package io.bulwark.runtime;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.audit.AuditCheckpointSigner;
import io.bulwark.audit.AuditCheckpointer;
import io.bulwark.audit.AuditChain;
import io.bulwark.audit.CheckpointExport;
import io.bulwark.audit.HttpsCheckpointWebhook;
import io.bulwark.audit.JsonLinesCheckpointFile;
import io.bulwark.audit.SecurityEventSink;
import io.bulwark.config.AuditConfig;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.store.KeyPurpose;
import io.bulwark.store.KeySealer;
import io.bulwark.store.SigningKeyRepository;
import io.bulwark.store.Store;
import io.bulwark.store.StoredSigningKey;
import io.bulwark.tls.TlsPolicy;

import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The audit chain's signed checkpoints, built alike by a node and the {@code bulwark} command: the ring of
 * {@link KeyPurpose#AUDIT_CHECKPOINTS} keys (created, sealed under the master key, stored and rotated like the token
 * and gateway-identity keys), the exports {@code audit.checkpoints} names, and the keys a verifier may trust.
 */
public final class AuditCheckpointing {

    /**
     * How long a retired audit-checkpoint key stays published: as long as the checkpoints it signed are kept (PCI DSS
     * 10.5.1 asks for a year of audit history; ten are allowed for).
     */
    public static final Duration PUBLISHED_FOR = Duration.ofDays(3653);

    private AuditCheckpointing() {
    }

    /** The ring of audit-checkpoint keys; the first key is made on first use. */
    public static SigningKeyRing keys(Store store, KeySealer sealer, InstantSource clock, Duration publicationLead) {
        return new SigningKeyRing(store.signingKeys(KeyPurpose.AUDIT_CHECKPOINTS), sealer, clock, PUBLISHED_FOR, publicationLead);
    }

    /** A checkpointer of the heads {@code committed} reports, signing with {@code keys} and copying to what {@code config} names. */
    public static AuditCheckpointer checkpointer(AuditConfig config, Store store, SigningKeyRing keys,
                                                 Supplier<Optional<AuditChain.Head>> committed, SecurityEventSink events,
                                                 InstantSource clock) {
        return new AuditCheckpointer(committed, store.auditCheckpoints(), signer(keys), exports(config), config.everyRecords(),
                config.every(), events, clock);
    }

    static AuditCheckpointSigner signer(SigningKeyRing keys) {
        return new AuditCheckpointSigner(() -> {
            SigningKeyRing.Active active = keys.active();
            return new AuditCheckpointSigner.Key(active.keyId(), active.algorithm(), active.signer());
        });
    }

    static List<CheckpointExport> exports(AuditConfig config) {
        List<CheckpointExport> exports = new ArrayList<>();
        config.file().ifPresent(file -> exports.add(new JsonLinesCheckpointFile(file)));
        config.webhook().ifPresent(webhook -> {
            HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
            webhook.ca().ifPresent(ca -> http.sslContext(TlsPolicy.jdkClientContext(ca)));
            exports.add(new HttpsCheckpointWebhook(webhook.url(), http.build()));
        });
        return exports;
    }

    /**
     * The audit-checkpoint public keys in {@code repository} whose sealed private half opens under the master key and
     * matches: a key an intruder added to the database (to sign forged checkpoints) cannot be sealed without the master
     * key, and is left out.
     */
    public static JWKSet trustedKeys(SigningKeyRepository repository, KeySealer sealer) {
        List<JWK> trusted = new ArrayList<>();
        for (StoredSigningKey stored : repository.list()) {
            try {
                JWK published = JWK.parse(stored.publicJwkJson());
                JWK opened = JWK.parse(sealer.open(stored.sealedPrivateJwk(), stored.keyId())).toPublicJWK();
                if (opened.computeThumbprint().equals(published.computeThumbprint()) && stored.keyId().equals(published.getKeyID())) {
                    trusted.add(published);
                }
            } catch (ParseException | RuntimeException | com.nimbusds.jose.JOSEException e) {
                // Not sealed under this master key, or not a key: not trusted, and the checkpoints it signed fail by name.
            }
        }
        return new JWKSet(trusted);
    }
}
