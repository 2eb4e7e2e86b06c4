package nnspec.cli;

/** CommandLineTest's way of running the command line, for tests in other packages. */
public final class CommandLineTestAccess {
    private CommandLineTestAccess() {
    }

    /** The exit code and what was printed. */
    public record Result(int code, String out, String err) {
    }

    public static Result run(String... args) {
        CommandLineTest.Result r = CommandLineTest.run(args);
        return new Result(r.code(), r.out(), r.err());
    }

    public static int barWidth(int terminalColumns) {
        return TrainCommand.barWidth(terminalColumns);
    }

    public static String barMessageFormat(int epochs, boolean loss, boolean validation) {
        return TrainCommand.barMessageFormat(epochs, loss, validation);
    }
}
