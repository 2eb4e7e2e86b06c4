package nnspec.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The folders a spec may read from besides its own: what every subcommand that reads a spec takes. */
final class ReadOptions {
    @Option(names = "--allow-read", paramLabel = "DIR",
            description = "a folder (and the folders below it) whose files the spec's init file and data csv may"
                    + " name, besides the spec's own folder; repeatable. Without it a spec reads only below its folder:"
                    + " an absolute path, a ../ or a symbolic link leading elsewhere is refused")
    List<Path> allowRead = new ArrayList<>();

    List<Path> folders() {
        return List.copyOf(allowRead);
    }
}
