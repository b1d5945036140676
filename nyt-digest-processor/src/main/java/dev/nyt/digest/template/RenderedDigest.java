package dev.nyt.digest.template;

/** A digest's subject (one line, trimmed), text body and optional HTML alternative (null when none). */
public record RenderedDigest(String subject, String text, String html) {
}
