package nnspec.pipeline;

/**
 * A spec's workflow asks for something its network cannot give (a stratified split or an accuracy to monitor
 * without class outputs); the message is one line that starts with the spec's position.
 */
public final class WorkflowError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WorkflowError(String message) {
        super(message);
    }
}
