package io.bulwark.runtime;

import io.bulwark.config.ManagementConfig;
import io.bulwark.config.RequestLimitsConfig;
import io.bulwark.config.TlsFiles;
import io.bulwark.http.Problem;
import io.bulwark.server.ConnectionGuard;
import io.bulwark.server.HttpsListener;
import io.bulwark.server.ResponseWriter;
import io.bulwark.tls.TlsPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * The third listener, for operations: health, metrics and the capabilities' APIs ({@link ManagementRoutes}), never on
 * the gateway's or the authorization server's port. Same TLS policy as they; callers are admitted as
 * {@code management} says: open on loopback, else by client certificate (required at the handshake), by an operator's
 * access token ({@link OperatorTokenHandler}), or both. Every refusal and unknown path is problem+json.
 */
final class ManagementListener {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementListener.class);

    private ManagementListener() {
    }

    /**
     * Starts the listener and returns its port.
     *
     * @param gatewayTls the certificate used when {@code management.tls} names none
     * @param operators  the token check when {@code management.operator-scope} is set
     * @param routes     mounted in order, after the access check
     */
    static int start(Vertx vertx, ManagementConfig config, TlsFiles gatewayTls, RequestLimitsConfig limits,
                     Optional<OperatorTokenHandler> operators, List<ManagementRoutes> routes) {
        int port = HttpsListener.start(vertx, ConnectionGuard.apply(tls(config, gatewayTls), limits), config.listen().host(),
                config.listen().port(), () -> router(vertx, operators, routes), new ConnectionGuard(limits));
        LOG.info("management listener on https://{}:{} ({}); routes: {}", config.listen().host(), port, access(config),
                routes.stream().map(ManagementRoutes::name).toList());
        return port;
    }

    private static HttpServerOptions tls(ManagementConfig config, TlsFiles gatewayTls) {
        TlsFiles identity = config.tls().orElse(gatewayTls);
        if (config.clientCa().isPresent()) {
            return TlsPolicy.serverRequiringClientCertificate(identity, config.clientCa().get());
        }
        // Operators' tokens are sender-constrained: a certificate-bound one needs the certificate it is bound to.
        return config.operatorScope().isPresent() ? TlsPolicy.serverRequestingClientCertificate(identity) : TlsPolicy.server(identity);
    }

    private static Router router(Vertx vertx, Optional<OperatorTokenHandler> operators, List<ManagementRoutes> routes) {
        Router router = Router.router(vertx);
        router.route().handler(context -> {
            ResponseWriter.identify(context.response(), io.bulwark.audit.RequestIds.next());
            ResponseWriter.secure(context.response());
            context.next();
        });
        operators.ifPresent(handler -> router.route().handler(handler));
        routes.forEach(capability -> capability.mount(router));
        router.errorHandler(404, context -> refuse(context, Problem.of("not-found", "Not Found", 404,
                "no management route at this path")));
        router.errorHandler(405, context -> refuse(context, Problem.of("method-not-allowed", "Method Not Allowed", 405,
                "this management route does not take " + context.request().method())));
        router.errorHandler(500, ManagementListener::failed);
        return router;
    }

    // A capability's handler failed: logged here with the route, answered 503 so a caller retries rather than blames its request.
    private static void failed(RoutingContext context) {
        LOG.warn("management route {} failed", context.normalizedPath(), context.failure());
        refuse(context, Problem.of("management-route-failed", "Service Unavailable", 503,
                "this management route could not answer; the node's log names the cause"));
    }

    private static void refuse(RoutingContext context, Problem problem) {
        if (!context.response().ended()) {
            ResponseWriter.problem(context.response(), problem);
        }
    }

    private static String access(ManagementConfig config) {
        if (!config.restricted()) {
            return "open on loopback";
        }
        return (config.clientCa().isPresent() ? "client certificate required" : "")
                + (config.clientCa().isPresent() && config.operatorScope().isPresent() ? " and " : "")
                + config.operatorScope().map(scope -> "access token with scope " + scope).orElse("");
    }
}
