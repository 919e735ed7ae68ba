package io.bulwark.store;

/** The master key cannot be loaded; the message names the source and how to fix it, never the key. */
public class MasterKeyException extends RuntimeException {

    /** @param cause the I/O failure behind it, or null, as {@link Throwable#getCause()} has it */
    public MasterKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
