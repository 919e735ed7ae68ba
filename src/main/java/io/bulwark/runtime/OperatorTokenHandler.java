package io.bulwark.runtime;

import io.bulwark.config.AuthorizationServerConfig;
import io.bulwark.config.BulwarkConfig;
import io.bulwark.http.Problem;
import io.bulwark.oauth.OwnTokenReader;
import io.bulwark.oauth.keys.SigningKeyRing;
import io.bulwark.store.MasterKey;
import io.bulwark.store.Store;
import io.bulwark.oauth.OwnTokenAccess;
import io.bulwark.oauth.ResourceRequest;
import io.bulwark.oauth.core.OAuthError;
import io.bulwark.oauth.http.ClientCertificates;
import io.bulwark.server.ResponseWriter;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Admits a management request only with a sender-constrained access token of this node's own authorization server
 * carrying the operator scope ({@link OwnTokenAccess}); otherwise 401 with a {@code WWW-Authenticate} challenge
 * (RFC 6750 §3, RFC 9449 §7.1) or 403 {@code insufficient_scope}, as problem+json.
 */
final class OperatorTokenHandler implements Handler<RoutingContext> {

    private final OwnTokenAccess access;
    private final String scope;

    OperatorTokenHandler(OwnTokenAccess access, String scope) {
        this.access = access;
        this.scope = scope;
    }

    /** The check {@code management.operator-scope} asks for; empty when it is not set. */
    static Optional<OperatorTokenHandler> of(BulwarkConfig config, Store store, MasterKey masterKey, SigningKeyRing accessTokenKeys,
                                             InstantSource clock) {
        return config.management().operatorScope().map(scope -> {
            AuthorizationServerConfig as = config.authorizationServer();
            OwnTokenReader tokens = new OwnTokenReader(AuthorizationServerAssembly.issuer(as), config.gateway().audience(),
                    accessTokenKeys, clock);
            return new OperatorTokenHandler(new OwnTokenAccess(tokens, store.revokedTokens(), store.clients(),
                    SenderConstraintWiring.managementDpop(as, store, masterKey, clock)), scope);
        });
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        try {
            access.authorize(new ResourceRequest(request.method().name(), request.getHeader("Authorization"),
                    request.headers().getAll("DPoP"), ClientCertificates.of(request)), htu(request), scope);
        } catch (OAuthError refused) {
            Problem problem = Problem.of(refused.code().replace('_', '-'), refused.status() == 403 ? "Forbidden" : "Unauthorized",
                    refused.status(), refused.description());
            for (var header : refused.headers().entrySet()) {
                problem = problem.withHeader(header.getKey(), header.getValue());
            }
            ResponseWriter.problem(context.response(), problem);
            return;
        }
        context.next();
    }

    // RFC 9449 §4.3: htu is the request's URL without query and fragment. The listener has no public URL of its own, so
    // it is the authority the operator called; the proof's jti, spent in the replay guard, keeps it to one use.
    private static URI htu(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        String host = authority == null ? "invalid" : authority.host();
        return URI.create("https://" + host + (authority != null && authority.port() > 0 ? ":" + authority.port() : "") + request.path());
    }
}
