package io.bulwark.runtime;

import io.vertx.ext.web.Router;

/**
 * Routes a capability serves to operators (metrics, health, inventory, compliance, console), registered with
 * {@link Extensions} at node start. The node keeps them ({@link BulwarkNode#managementRoutes()}); the management
 * listener mounts each on its router. Never on the gateway's or the authorization server's listener.
 */
public interface ManagementRoutes {

    /** Adds this capability's routes to the management router, under a path prefix of its own. */
    void mount(Router router);

    /** The name in logs. */
    default String name() {
        return getClass().getSimpleName();
    }
}
