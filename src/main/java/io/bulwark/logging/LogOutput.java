package io.bulwark.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.net.URL;

/**
 * Switches the process's log lines to a {@link LogFormat} by configuring Logback again from Bulwark's own logback.xml
 * with that format's appender. A process whose logging another file configures (an operator's
 * {@code -Dlogback.configurationFile}, a test's logback-test.xml) is left as it is.
 */
public final class LogOutput {

    /** The logback.xml property that names the appender the root logger writes to ({@code json} or {@code text}). */
    public static final String APPENDER_PROPERTY = "bulwark.log.appender";
    /** Set by Bulwark's logback.xml alone, so that another configuration is never replaced. */
    static final String OWN_CONFIGURATION_PROPERTY = "bulwark.log.configuration";

    private LogOutput() {
    }

    /**
     * Makes Logback's first configuration (at the first logger) honour {@value LogFormat#ENVIRONMENT_VARIABLE} written
     * in any case, for every command; call before anything logs. An unknown value is left for {@link LogFormat#choose}
     * to refuse.
     */
    public static void preferEnvironment(java.util.Map<String, String> environment) {
        String variable = environment.get(LogFormat.ENVIRONMENT_VARIABLE);
        if (variable != null) {
            LogFormat.parse(variable).ifPresent(format -> System.setProperty(APPENDER_PROPERTY, format.label()));
        }
    }

    /**
     * Writes every later line in {@code format}; returns false, changing nothing, when Bulwark's logback.xml is not
     * the configuration in force.
     */
    public static boolean use(LogFormat format) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context) || context.getProperty(OWN_CONFIGURATION_PROPERTY) == null) {
            return false;
        }
        if (format.label().equals(context.getProperty(APPENDER_PROPERTY))) {
            return true;
        }
        configure(context, format, LogOutput.class.getResource("/logback.xml"));
        return true;
    }

    /** Configures {@code context} from {@code configuration} (a logback.xml) with {@code format}'s appender. */
    static void configure(LoggerContext context, LogFormat format, URL configuration) {
        context.reset();
        context.putProperty(APPENDER_PROPERTY, format.label());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(configuration);
        } catch (JoranException e) {
            throw new IllegalStateException("the logging configuration " + configuration + " could not be read: " + e.getMessage(), e);
        }
    }
}
