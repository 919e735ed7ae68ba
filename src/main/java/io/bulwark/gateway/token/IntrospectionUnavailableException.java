package io.bulwark.gateway.token;

/** The introspection endpoint could not answer (network, timeout, error status, malformed answer): the token is neither valid nor invalid, so it is refused as unverifiable. */
public final class IntrospectionUnavailableException extends Exception {

    public IntrospectionUnavailableException(String message) {
        super(message);
    }
}
