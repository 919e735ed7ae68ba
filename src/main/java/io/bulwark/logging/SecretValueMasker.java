package io.bulwark.logging;

import com.fasterxml.jackson.core.JsonStreamContext;
import io.bulwark.redaction.SecretMasker;
import io.bulwark.redaction.SensitiveFieldNames;
import net.logstash.logback.mask.ValueMasker;

import java.util.Locale;
import java.util.Set;

/**
 * Masks every string a JSON log line carries (message, stack trace, MDC, structured arguments) with
 * {@link SecretMasker}; plugged into logstash-logback-encoder's {@code MaskingJsonGeneratorDecorator} in logback.xml.
 * A value under a classified field's name ({@code "email": "…"}) is masked whole.
 */
public final class SecretValueMasker implements ValueMasker {

    private static final Set<String> OWN_FIELDS = Set.of("@timestamp", "@version", "message", "logger_name", "thread_name",
            "level", "level_value", "stack_trace", RequestLogContext.REQUEST_ID, RequestLogContext.TRACE_ID,
            RequestLogContext.CLIENT, RequestLogContext.OPERATION);

    @Override
    public Object mask(JsonStreamContext context, Object value) {
        if (!(value instanceof String text)) {
            return value;
        }
        String field = context.getCurrentName();
        if (field != null && !ownField(context, field) && SensitiveFieldNames.names().contains(field.toLowerCase(Locale.ROOT))) {
            return SecretMasker.MASK;
        }
        String masked = SecretMasker.mask(text);
        return masked == text ? value : masked;
    }

    /** The encoder's own top-level fields, which an API's field of the same name (a "message") must not blank out. */
    private static boolean ownField(JsonStreamContext context, String field) {
        return context.getParent() != null && context.getParent().inRoot() && OWN_FIELDS.contains(field);
    }
}
