package dev.nyt.digest.config;

import com.sanctionco.jmail.JMail;
import dev.nyt.runtime.ConfigException;
import dev.nyt.runtime.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the digest e-mails look like and who they are from: django-nyt's e-mail settings plus the
 * {@code notifymail} command's {@code --domain} and {@code --http-only}.
 *
 * @param subject         {@code NYT_EMAIL_SUBJECT}: overrides every subject template when set
 * @param templateDir     {@code NYT_EMAIL_TEMPLATE_DIR}: looked in before the built-in templates
 * @param templates       {@code NYT_EMAIL_TEMPLATE_NAMES} and {@code NYT_EMAIL_TEMPLATE_DEFAULT}
 * @param subjectTemplates {@code NYT_EMAIL_SUBJECT_TEMPLATE_NAMES} and {@code NYT_EMAIL_SUBJECT_TEMPLATE_DEFAULT}
 * @param domain          {@code NYT_DOMAIN}: prefixed to relative urls, {@code domain} in templates
 * @param httpScheme      {@code NYT_HTTP_SCHEME}: {@code https} (default) or {@code http}
 * @param siteName        {@code NYT_SITE_NAME}: {@code site_name} in templates, default the domain
 */
public record EmailSettings(
        String sender,
        Optional<String> subject,
        Optional<Path> templateDir,
        TemplateRules templates,
        TemplateRules subjectTemplates,
        String domain,
        String httpScheme,
        String siteName) {

    public static final String SENDER = "NYT_EMAIL_SENDER";
    public static final String SUBJECT = "NYT_EMAIL_SUBJECT";
    public static final String TEMPLATE_DIR = "NYT_EMAIL_TEMPLATE_DIR";
    public static final String TEMPLATE_DEFAULT = "NYT_EMAIL_TEMPLATE_DEFAULT";
    public static final String SUBJECT_TEMPLATE_DEFAULT = "NYT_EMAIL_SUBJECT_TEMPLATE_DEFAULT";
    public static final String TEMPLATE_NAMES = "NYT_EMAIL_TEMPLATE_NAMES";
    public static final String SUBJECT_TEMPLATE_NAMES = "NYT_EMAIL_SUBJECT_TEMPLATE_NAMES";
    public static final String DOMAIN = "NYT_DOMAIN";
    public static final String HTTP_SCHEME = "NYT_HTTP_SCHEME";
    public static final String SITE_NAME = "NYT_SITE_NAME";

    /** django-nyt's default template names; the built-in FreeMarker templates carry the same names. */
    public static final String DEFAULT_TEMPLATE = "notifications/emails/default.txt";
    public static final String DEFAULT_SUBJECT_TEMPLATE = "notifications/emails/default_subject.txt";
    public static final String DEFAULT_DOMAIN = "example.com";

    public EmailSettings {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(templateDir, "templateDir");
        Objects.requireNonNull(templates, "templates");
        Objects.requireNonNull(subjectTemplates, "subjectTemplates");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(httpScheme, "httpScheme");
        Objects.requireNonNull(siteName, "siteName");
    }

    public static EmailSettings fromEnv(Env env) {
        String domain = env.string(DOMAIN, DEFAULT_DOMAIN);
        if (domain.contains("/") || domain.contains(" ")) {
            throw new ConfigException(DOMAIN, "must be a host name (with an optional :port), without scheme or path, was '" + domain + "'");
        }
        String sender = env.string(SENDER, "nyt@" + domain);
        if (!JMail.strictValidator().isValid(bareAddress(sender))) {
            throw new ConfigException(SENDER, "must be a valid e-mail address such as notifications@example.com"
                    + " or 'Example <notifications@example.com>', was '" + sender + "'"
                    + (env.optional(SENDER).isEmpty() ? " (derived from " + DOMAIN + ")" : ""));
        }
        Optional<Path> templateDir = env.optional(TEMPLATE_DIR).map(Path::of);
        if (templateDir.isPresent() && !Files.isDirectory(templateDir.get())) {
            throw new ConfigException(TEMPLATE_DIR, "must be a directory, was '" + templateDir.get() + "'");
        }
        return new EmailSettings(
                sender,
                env.optional(SUBJECT).map(s -> s.replace("\r", "").replace("\n", "").strip()),
                templateDir,
                TemplateRules.parse(TEMPLATE_NAMES, env.string(TEMPLATE_NAMES, ""),
                        env.string(TEMPLATE_DEFAULT, DEFAULT_TEMPLATE)),
                TemplateRules.parse(SUBJECT_TEMPLATE_NAMES, env.string(SUBJECT_TEMPLATE_NAMES, ""),
                        env.string(SUBJECT_TEMPLATE_DEFAULT, DEFAULT_SUBJECT_TEMPLATE)),
                domain,
                env.oneOf(HTTP_SCHEME, "https", "https", "http"),
                env.string(SITE_NAME, domain));
    }

    /** {@code notifications@example.com} of {@code Example <notifications@example.com>}. */
    static String bareAddress(String sender) {
        int open = sender.lastIndexOf('<');
        int close = sender.lastIndexOf('>');
        return open >= 0 && close > open ? sender.substring(open + 1, close).strip() : sender.strip();
    }
}
