package dev.nyt.digest.config;

import dev.nyt.events.glob.KeyGlob;
import dev.nyt.runtime.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An ordered list of {@code glob=template} rules and the template to use when none matches:
 * django-nyt's {@code NYT_EMAIL_TEMPLATE_NAMES} with its {@code NYT_EMAIL_TEMPLATE_DEFAULT}.
 * The first rule whose glob matches the whole key wins ({@link KeyGlob}'s rules).
 */
public record TemplateRules(List<Rule> rules, String defaultTemplate) {

    /** One {@code glob=template} pair. */
    public record Rule(KeyGlob glob, String template) {
    }

    public TemplateRules {
        rules = List.copyOf(rules);
        Objects.requireNonNull(defaultTemplate, "defaultTemplate");
    }

    /**
     * Parses {@code glob=template} pairs separated by {@code ,}. The template is what follows the
     * last {@code =}, so a glob may itself contain one; blanks around names are ignored.
     */
    public static TemplateRules parse(String variable, String spec, String defaultTemplate) {
        List<Rule> rules = new ArrayList<>();
        if (spec != null) {
            for (String entry : spec.split(",")) {
                String pair = entry.strip();
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.lastIndexOf('=');
                if (eq <= 0 || eq == pair.length() - 1) {
                    throw new ConfigException(variable, "each entry must be glob=template, was '" + pair + "'");
                }
                String glob = pair.substring(0, eq).strip();
                String template = pair.substring(eq + 1).strip();
                if (glob.isEmpty() || template.isEmpty()) {
                    throw new ConfigException(variable, "each entry must be glob=template, was '" + pair + "'");
                }
                rules.add(new Rule(KeyGlob.compile(glob), template));
            }
        }
        return new TemplateRules(rules, defaultTemplate);
    }

    /** The template for notifications of {@code key}. */
    public String templateFor(String key) {
        for (Rule rule : rules) {
            if (rule.glob().matches(key)) {
                return rule.template();
            }
        }
        return defaultTemplate;
    }

    /** Every template name these rules can choose, the default first. */
    public List<String> templateNames() {
        List<String> names = new ArrayList<>();
        names.add(defaultTemplate);
        rules.forEach(rule -> names.add(rule.template()));
        return names;
    }
}
