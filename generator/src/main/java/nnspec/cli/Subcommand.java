package nnspec.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** What every subcommand shares: the streams the command line was given. */
abstract class Subcommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    PrintWriter out() {
        return commandSpec.commandLine().getOut();
    }

    PrintWriter err() {
        return commandSpec.commandLine().getErr();
    }
}
