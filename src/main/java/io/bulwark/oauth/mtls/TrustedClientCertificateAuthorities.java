package io.bulwark.oauth.mtls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CAs whose client certificates {@code tls_client_auth} accepts (RFC 8705 §2.1): a presented
 * chain must validate to one of them under PKIX (RFC 5280 §6), at the injected clock's time.
 */
public final class TrustedClientCertificateAuthorities {

    private static final String CLIENT_AUTH_PURPOSE = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_PURPOSE = "2.5.29.37.0";

    private final Set<TrustAnchor> anchors;
    private final InstantSource clock;

    public TrustedClientCertificateAuthorities(Collection<X509Certificate> authorities, InstantSource clock) {
        if (authorities.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted CA certificate is needed");
        }
        this.anchors = authorities.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toUnmodifiableSet());
        this.clock = clock;
    }

    /** The CA certificates in a PEM bundle. */
    public static TrustedClientCertificateAuthorities fromPem(Path pem, InstantSource clock) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> authorities = certificates.stream().map(X509Certificate.class::cast).toList();
            if (authorities.isEmpty()) {
                throw new IllegalArgumentException(pem + " holds no certificate");
            }
            return new TrustedClientCertificateAuthorities(authorities, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pem, e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(pem + " is not a PEM certificate bundle", e);
        }
    }

    /** True when {@code chain} (leaf first) validates to a trusted CA now, and the leaf may serve for client authentication. */
    public boolean trusts(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return false;
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            // No CRL or OCSP infrastructure is configured; revocation is handled by disabling the client.
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            // The path excludes the anchor itself; a client that also sent the CA certificate must not break validation.
            List<X509Certificate> path = chain.stream().filter(certificate -> !isAnchor(certificate)).toList();
            if (path.isEmpty()) {
                return false;
            }
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return mayAuthenticateClients(chain.getFirst());
        } catch (CertPathValidatorException | InvalidAlgorithmParameterException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot validate certificate paths", e);
        }
    }

    private boolean isAnchor(X509Certificate certificate) {
        return anchors.stream().anyMatch(anchor -> anchor.getTrustedCert().equals(certificate));
    }

    /** RFC 5280 §4.2.1.12: when the leaf names its purposes, client authentication (or any purpose) must be one. */
    private static boolean mayAuthenticateClients(X509Certificate leaf) {
        try {
            List<String> purposes = leaf.getExtendedKeyUsage();
            return purposes == null || purposes.contains(CLIENT_AUTH_PURPOSE) || purposes.contains(ANY_PURPOSE);
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
