package io.bulwark.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.bulwark.redaction.SecretMasker;

import java.util.Map;

/**
 * {@code %requestContext}: the request a text line belongs to, compactly ({@code [req=… trace=… client=… op=…]}), or
 * nothing for a line written outside a request. Values are masked, and control characters escaped so that a client's
 * chosen id cannot start a forged line.
 */
public final class RequestContextConverter extends ClassicConverter {

    private static final String[][] SHOWN = {
            {RequestLogContext.REQUEST_ID, "req"}, {RequestLogContext.TRACE_ID, "trace"},
            {RequestLogContext.CLIENT, "client"}, {RequestLogContext.OPERATION, "op"}};

    @Override
    public String convert(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc == null || mdc.get(RequestLogContext.REQUEST_ID) == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(96).append(" [");
        for (String[] entry : SHOWN) {
            String value = mdc.get(entry[0]);
            if (value != null) {
                if (out.length() > 2) {
                    out.append(' ');
                }
                out.append(entry[1]).append('=').append(visible(SecretMasker.mask(value)));
            }
        }
        return out.append(']').toString();
    }

    private static String visible(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
