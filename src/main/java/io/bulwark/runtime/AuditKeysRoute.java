package io.bulwark.runtime;

import io.bulwark.oauth.keys.SigningKeyRing;
import io.vertx.ext.web.Router;

/**
 * Publishes the audit-checkpoint public keys at {@value #PATH} on the authorization server's listener, so an auditor
 * verifies checkpoints (for example an exported file) with keys taken from the running deployment.
 */
final class AuditKeysRoute {

    /** Where the keys are published. */
    static final String PATH = "/audit/jwks.json";

    private AuditKeysRoute() {
    }

    static Router mount(Router router, SigningKeyRing keys) {
        router.get(PATH).handler(ctx -> ctx.response().setStatusCode(200)
                .putHeader("Content-Type", "application/jwk-set+json")
                .putHeader("Cache-Control", "public, max-age=60")
                // JWKSet.toString() prints public keys only.
                .end(keys.publicJwks().toString()));
        return router;
    }
}
