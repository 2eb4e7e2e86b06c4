package nnspec.model;

/**
 * Whose defaults fill the settings a spec leaves out, where the frameworks disagree under the same name (epsilon
 * of Adam, RMSProp's decay, BCE clipping, leaky ReLU's slope, ...). Chosen by {@code convention pytorch} or
 * {@code convention keras} on the train block; every setting can still be given explicitly. Each parameter of
 * {@link ParamSpec} documents both defaults and their source.
 */
public enum Convention {
    PYTORCH("pytorch"), KERAS("keras");

    private final String keyword;

    Convention(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
