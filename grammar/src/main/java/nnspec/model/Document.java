package nnspec.model;

/**
 * The four lecture documents nnspec is checked against, named once: citations in the kernel table, generated
 * comments, diagnostics and tests all take the file name from here.
 */
public enum Document {
    /** Introduction to deep learning, part I (University of Warsaw). */
    D000("000_a379626a3ad4bd0a.txt"),
    /** ML Lecture 4, Deep learning I (Stockholm University). */
    D001("001_aa0c02345369f2d3.txt"),
    /** Unit 1, Training feed-forward neural networks (Universidad Politecnica de Madrid). */
    D002("002_db2ef66716d01cf4.txt"),
    /** Neural Network Notes. */
    D003("003_be7c2a3ed43414a9.txt");

    private final String fileName;

    Document(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    @Override
    public String toString() {
        return fileName;
    }
}
