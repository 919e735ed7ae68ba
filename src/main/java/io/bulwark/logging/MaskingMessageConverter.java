package io.bulwark.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.bulwark.redaction.SecretMasker;

/** {@code %maskedMsg}: the formatted message with its arguments, masked ({@link SecretMasker}). */
public final class MaskingMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return SecretMasker.mask(super.convert(event));
    }
}
