package io.bulwark.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.bulwark.demo.DemoClientCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code bulwark dpop-proof}: prints a fresh DPoP proof (RFC 9449 §4) signed with a client's DPoP key,
 * so that curl users can call the token endpoint and the gateway by hand.
 */
@Command(name = "dpop-proof", mixinStandardHelpOptions = true,
        description = "Print a DPoP proof (RFC 9449) for one request, signed with the DPoP key of a demo client credentials file. "
                + "Send it in the DPoP header; it is usable once, within 60 seconds.")
final class DpopProofCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--client", required = true, description = "A client credentials file, e.g. bulwark-data/demo/clients/demo-partner.json.")
    Path client;

    @Option(names = "--method", required = true, description = "The HTTP method of the request (htm), e.g. POST or GET.")
    String method;

    @Option(names = "--url", required = true, description = "The URL of the request (htu); its query and fragment are left out.")
    String url;

    @Option(names = "--access-token", description = "The access token sent with the request: its hash goes in the proof (ath).")
    String accessToken;

    @Option(names = "--nonce", description = "A nonce the server sent in its DPoP-Nonce header.")
    String nonce;

    @Override
    public Integer call() throws JOSEException {
        ECKey key;
        try {
            key = DemoClientCredentials.dpopKey(client);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--client: " + e.getMessage());
        }
        DefaultDPoPProofFactory factory = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
        System.out.println(factory.createDPoPJWT(method, htu(), accessToken == null ? null : new DPoPAccessToken(accessToken),
                nonce == null ? null : new Nonce(nonce)).serialize());
        return 0;
    }

    /** RFC 9449 §4.2: htu is the request's URI without query and fragment. */
    private URI htu() {
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw new ParameterException(spec.commandLine(), "--url must be an absolute URL, for example https://localhost:9443/bank/v1/accounts");
            }
            return new URI(uri.getScheme(), uri.getRawAuthority(), uri.getRawPath(), null, null);
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--url is not a URL: " + e.getReason());
        }
    }
}
