package dev.nyt.events.glob;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyGlobTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
        // django-nyt's own table for its template-name globs
        "/path/to/foo, *, false",
        "/path/to/foo, **, true",
        "/path/to/foo, /path/*, false",
        "/path/to/foo, /path/**, true",
        "/path/to/foo, /path/to/*, true",
        "/path/to, /path?to, false",
        "/path/to, /path[!abc]to, false",
        "/pathlalato, /path[a-z]*to, true",
        "/path-to, /path-*, true",
        "/path-[to, /path-[*, true",
        "admin/user/notification, admin/**, true",
        "WHATEVER, *, true",
        "WHATEVER/BUT/NOT/THIS, *, false",
        "admin/user/notification, admin/**/*, true",
    })
    void matchesLikeDjangoNyt(String key, String glob, boolean matches) {
        assertThat(KeyGlob.compile(glob).matches(key)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
        "a/b, a?b, false",
        "axb, a?b, true",
        "a/b, a[/]b, false",
        "abc, [!x]bc, true",
        "xbc, [!x]bc, false",
        "]bc, []]bc, true",
        "a.b, a.b, true",
        "axb, a.b, false",
        "a+b, a+b, true",
        "comment/response, comment/*, true",
        "comment/response/deep, comment/*, false",
        "a&&b, a[&]&b, true",
    })
    void treatsClassesSeparatorsAndRegexCharactersAsGlob(String key, String glob, boolean matches) {
        assertThat(KeyGlob.compile(glob).matches(key)).isEqualTo(matches);
    }

    @Test
    void neverMatchesNull() {
        assertThat(KeyGlob.compile("**").matches(null)).isFalse();
    }
}
