package io.bulwark.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.demo.DemoClientCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code bulwark client-assertion}: prints a fresh RFC 7523 client assertion for a client
 * credentials file, so that curl users can call the token endpoint by hand.
 */
@Command(name = "client-assertion", mixinStandardHelpOptions = true,
        description = "Print a signed private_key_jwt client assertion (RFC 7523) for a demo client credentials file. "
                + "Valid for 60 seconds, usable once.")
final class ClientAssertionCommand implements Callable<Integer> {

    @Option(names = "--client", required = true, description = "A client credentials file, e.g. bulwark-data/demo/clients/demo-partner.json.")
    Path client;

    @Override
    public Integer call() throws JOSEException {
        ECKey key = DemoClientCredentials.privateKey(client);
        String clientId = DemoClientCredentials.field(client, "client_id");
        String issuer = DemoClientCredentials.field(client, "issuer");
        Instant now = Instant.now();
        // RFC 7523 §3: iss = sub = client_id; aud = the AS's issuer (FAPI 2.0); exp; a fresh jti.
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(issuer)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        System.out.println(jwt.serialize());
        return 0;
    }
}
