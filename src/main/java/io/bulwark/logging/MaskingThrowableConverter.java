package io.bulwark.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.bulwark.redaction.SecretMasker;

/**
 * {@code %maskedEx}: a throwable with its causes and stack, masked ({@link SecretMasker}): an exception's message may
 * quote whatever the library that threw it was given. In JSON, the encoder's stack trace passes through
 * {@link SecretValueMasker} instead.
 */
public final class MaskingThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy throwable) {
        return SecretMasker.mask(super.throwableProxyToString(throwable));
    }
}
