package io.bulwark.cli;

import io.bulwark.runtime.BulwarkNode;

import java.nio.file.Path;

/** Lets tests in other packages run what SIGHUP runs, without sending a signal to the test JVM. */
public final class CliTestAccess {

    private CliTestAccess() {
    }

    public static BulwarkNode.ReloadOutcome reload(Path configFile, BulwarkNode node) {
        return HangupReload.reload(configFile, node);
    }
}
