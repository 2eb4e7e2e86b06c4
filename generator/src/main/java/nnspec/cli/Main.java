package nnspec.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nnspec} command line. */
@Command(name = "nnspec",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Compile .nn network specs into Java, train them, trace them, check their gradients.",
        subcommands = {
                CompileCommand.class,
                TrainCommand.class,
                EvaluateCommand.class,
                PredictCommand.class,
                TraceCommand.class,
                GradcheckCommand.class,
                GoldenCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                " 0:done",
                " 1:the job failed (a gradient check over its threshold, training that diverged)",
                " 2:bad input or usage"})
public final class Main implements Runnable {
    /** Exit code for bad input or usage: a malformed spec, a bad data file, an unknown option. */
    public static final int BAD_INPUT = 2;
    /** Exit code for a job that ran and failed. */
    public static final int FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(commandSpec.commandLine(), "missing subcommand");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, arguments) -> {
            err.println("nnspec: " + nnspec.diagnostics.Diagnostic.printable(ex.getMessage()) + " (see nnspec "
                    + commandPath(ex.getCommandLine()) + " --help)");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UserError userError) {
                for (String line : userError.lines()) {
                    err.println(nnspec.diagnostics.Diagnostic.printable(line));
                }
                return BAD_INPUT;
            }
            err.println("nnspec: internal error: " + nnspec.diagnostics.Diagnostic.printable(String.valueOf(ex))
                    + " (please report this with the spec that caused it)");
            return FAILED;
        });
        int code = cli.execute(args);
        // PrintWriter swallows write errors (a full disk, a closed pipe, /dev/full): a command whose output was lost
        // has failed, whatever it computed.
        if (out.checkError()) {
            err.println("nnspec: cannot write to standard output; the output is incomplete");
            code = code == 0 ? FAILED : code;
        }
        err.flush();
        return code;
    }

    private static String commandPath(CommandLine commandLine) {
        String name = commandLine.getCommandName();
        return "nnspec".equals(name) ? "" : name;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {nnspec.generate.JavaGenerator.VERSION};
        }
    }
}
