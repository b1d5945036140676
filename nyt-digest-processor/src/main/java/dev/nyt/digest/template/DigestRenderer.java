package dev.nyt.digest.template;

import dev.nyt.digest.config.EmailSettings;
import dev.nyt.runtime.ConfigException;
import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.ConditionalTemplateConfigurationFactory;
import freemarker.cache.FileExtensionMatcher;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.core.TemplateConfiguration;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * Renders digests with FreeMarker: templates from {@code NYT_EMAIL_TEMPLATE_DIR} first, then the
 * built-in ones (same names as django-nyt's: {@code notifications/emails/default.txt} and
 * {@code notifications/emails/default_subject.txt}). Text templates are not escaped; when a
 * template {@code X.txt} has a sibling {@code X.html}, it is rendered, HTML-escaped, as the mail's
 * HTML alternative. Thread-safe once built.
 */
public final class DigestRenderer {

    /** Where the built-in templates live on the classpath. */
    public static final String CLASSPATH_ROOT = "/nyt/templates";

    private final Configuration freemarker;
    private final EmailSettings email;

    private DigestRenderer(Configuration freemarker, EmailSettings email) {
        this.freemarker = freemarker;
        this.email = email;
    }

    /** A renderer for these settings; every configured template must load, else a ConfigException names the variable. */
    public static DigestRenderer create(EmailSettings email) {
        DigestRenderer renderer = new DigestRenderer(configuration(email), email);
        renderer.requireTemplate(EmailSettings.TEMPLATE_DEFAULT, email.templates().defaultTemplate());
        renderer.requireTemplate(EmailSettings.SUBJECT_TEMPLATE_DEFAULT, email.subjectTemplates().defaultTemplate());
        email.templates().rules().forEach(rule -> renderer.requireTemplate(EmailSettings.TEMPLATE_NAMES, rule.template()));
        email.subjectTemplates().rules().forEach(rule -> renderer.requireTemplate(EmailSettings.SUBJECT_TEMPLATE_NAMES, rule.template()));
        return renderer;
    }

    private static Configuration configuration(EmailSettings email) {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        List<TemplateLoader> loaders = new ArrayList<>();
        if (email.templateDir().isPresent()) {
            try {
                loaders.add(new FileTemplateLoader(email.templateDir().get().toFile()));
            } catch (IOException e) {
                throw new ConfigException(EmailSettings.TEMPLATE_DIR, "cannot be read: " + e.getMessage());
            }
        }
        loaders.add(new ClassTemplateLoader(DigestRenderer.class, CLASSPATH_ROOT));
        cfg.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new)));
        cfg.setLocalizedLookup(false);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputEncoding("UTF-8");
        cfg.setLocale(Locale.ROOT);
        cfg.setTimeZone(TimeZone.getTimeZone("UTC"));
        cfg.setNumberFormat("computer");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setRecognizeStandardFileExtensions(true);
        TemplateConfiguration html = new TemplateConfiguration();
        html.setOutputFormat(HTMLOutputFormat.INSTANCE);
        cfg.setTemplateConfigurations(new ConditionalTemplateConfigurationFactory(new FileExtensionMatcher("html"), html));
        return cfg;
    }

    private void requireTemplate(String variable, String name) {
        try {
            freemarker.getTemplate(name);
        } catch (IOException e) {
            throw new ConfigException(variable, "template '" + name + "' cannot be loaded: " + firstLine(e.getMessage()));
        }
    }

    /** Renders one digest: {@code NYT_EMAIL_SUBJECT} or the subject template on one line, the body, the optional HTML. */
    public RenderedDigest render(String template, String subjectTemplate, Map<String, Object> model) throws TemplateFailure {
        String subject = email.subject().orElse(null);
        if (subject == null) {
            subject = oneLine(render(subjectTemplate, model));
        }
        String text = render(template, model);
        String htmlName = htmlSibling(template);
        String html = htmlName != null && exists(htmlName) ? render(htmlName, model) : null;
        return new RenderedDigest(subject, text, html);
    }

    private String render(String name, Map<String, Object> model) throws TemplateFailure {
        try {
            Template template = freemarker.getTemplate(name);
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (IOException | TemplateException | RuntimeException e) {
            throw new TemplateFailure("template '" + name + "' failed: " + firstLine(e.getMessage()), e);
        }
    }

    private boolean exists(String name) {
        try {
            return freemarker.getTemplate(name, null, null, true, true) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code a/b.html} for {@code a/b.txt}; null for a template that is itself HTML. */
    static String htmlSibling(String template) {
        if (template.endsWith(".html") || template.endsWith(".ftlh")) {
            return null;
        }
        return template.endsWith(".txt") ? template.substring(0, template.length() - 4) + ".html" : template + ".html";
    }

    /** django-nyt's subject rule: line breaks removed, then trimmed. */
    static String oneLine(String rendered) {
        return rendered.replace("\r", "").replace("\n", "").strip();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
