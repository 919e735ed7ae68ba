package io.bulwark.cli;

import picocli.CommandLine.Command;

/**
 * {@code bulwark anomaly}: {@code learn} trains the request-content model from traffic files, {@code score} scores
 * traffic against it (docs/ANOMALY.md, "Content detector"). Exit status 0: done, every record read; 1: done, but bad
 * records were skipped ({@code --skip-bad}); 2: could not run (a bad record without {@code --skip-bad}, a missing file
 * or model, bad options), and nothing was written.
 */
@Command(name = "anomaly", mixinStandardHelpOptions = true,
        description = "Learn what normal request content looks like from traffic files, and score traffic against it.",
        subcommands = {AnomalyLearnCommand.class, AnomalyScoreCommand.class})
final class AnomalyCommand {

    /** Exit status: done, every record read. */
    static final int OK = 0;
    /** Exit status: done, but bad records were skipped (--skip-bad); each was named on stderr. */
    static final int SKIPPED_BAD = 1;
    /** Exit status: could not run; nothing was written. */
    static final int COULD_NOT_RUN = 2;

    private AnomalyCommand() {
    }
}
