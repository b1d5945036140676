package dev.nyt.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.digest.config.TemplateRules;
import org.junit.jupiter.api.Test;

class TemplateRulesTest {

    private final TemplateRules rules = TemplateRules.parse("NYT_EMAIL_TEMPLATE_NAMES",
            "admin/product/created=admin_product_added.txt, admin/**=admin_default.txt,user/*=user.txt,key=with=eq.txt",
            "default.txt");

    @Test
    void firstMatchingGlobWins() {
        assertThat(rules.templateFor("admin/product/created")).isEqualTo("admin_product_added.txt");
        assertThat(rules.templateFor("admin/product/deleted")).isEqualTo("admin_default.txt");
        assertThat(rules.templateFor("admin/user/notification")).isEqualTo("admin_default.txt");
    }

    @Test
    void singleStarDoesNotCrossASlash() {
        assertThat(rules.templateFor("user/new")).isEqualTo("user.txt");
        assertThat(rules.templateFor("user/new/again")).isEqualTo("default.txt");
    }

    @Test
    void keyMatchingNoGlobGetsTheDefault() {
        assertThat(rules.templateFor("comment/response")).isEqualTo("default.txt");
    }

    @Test
    void templateIsWhatFollowsTheLastEqualsSign() {
        assertThat(rules.templateFor("key=with")).isEqualTo("eq.txt");
    }

    @Test
    void listsEveryTemplateItCanChooseDefaultFirst() {
        assertThat(rules.templateNames()).containsExactly("default.txt", "admin_product_added.txt",
                "admin_default.txt", "user.txt", "eq.txt");
    }
}
