package dev.nyt.digest.template;

/** A template that is missing or fails to render: the digest cannot be sent as configured. */
public final class TemplateFailure extends Exception {

    public TemplateFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
