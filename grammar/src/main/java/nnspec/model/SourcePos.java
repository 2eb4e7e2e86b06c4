package nnspec.model;

/** A place in a spec file, 1-based line and column, printed the way compilers print it. */
public record SourcePos(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
