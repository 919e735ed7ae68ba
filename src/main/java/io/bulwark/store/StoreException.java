package io.bulwark.store;

/** The storage backend failed (unreachable, refused a statement); callers treat it as a denial. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
