package io.bulwark.cli;

import io.bulwark.config.ConfigException;
import io.bulwark.config.ConfigLoader;
import io.bulwark.runtime.BulwarkNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.nio.file.Path;

/**
 * {@code kill -HUP <pid>} makes {@code bulwark serve} re-read its configuration file and apply it
 * all or nothing; an invalid file or a change that needs a restart is logged and changes nothing.
 */
final class HangupReload {

    private static final Logger LOG = LoggerFactory.getLogger(HangupReload.class);

    private HangupReload() {
    }

    static void install(Path configFile, BulwarkNode node) {
        Signal.handle(new Signal("HUP"), signal -> reload(configFile, node));
    }

    static BulwarkNode.ReloadOutcome reload(Path configFile, BulwarkNode node) {
        BulwarkNode.ReloadOutcome outcome;
        try {
            outcome = node.reload(ConfigLoader.load(configFile));
        } catch (ConfigException e) {
            outcome = new BulwarkNode.ReloadOutcome(false, "not applied: " + e.getMessage());
        }
        if (outcome.applied()) {
            LOG.info("reload of {}: {}", configFile, outcome.message());
        } else {
            LOG.error("reload of {} refused, the running configuration stays in force: {}", configFile, outcome.message());
        }
        return outcome;
    }
}
