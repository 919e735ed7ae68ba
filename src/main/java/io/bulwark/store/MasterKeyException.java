package io.bulwark.store;

/** The master key cannot be loaded; the message names the source and how to fix it, never the key. */
public class MasterKeyException extends RuntimeException {

    public MasterKeyException(String message) {
        super(message);
    }

    public MasterKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
