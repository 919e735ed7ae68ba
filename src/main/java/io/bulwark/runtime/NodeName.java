package io.bulwark.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name this node's audit records give it: the host name, as an operator finds it in the deployment. */
final class NodeName {

    private NodeName() {
    }

    static String local() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
