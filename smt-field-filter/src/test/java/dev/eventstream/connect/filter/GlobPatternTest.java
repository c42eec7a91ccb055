package dev.eventstream.connect.filter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class GlobPatternTest {

    @ParameterizedTest(name = "''{0}'' vs ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
        "EventAgent*|EventAgentReady|true",
        "EventAgent*|EventAgent|true",
        "EventAgent*|EventAgen|false",
        "EventAgent*|XEventAgentReady|false",
        "*Ready|EventAgentReady|true",
        "*Agent*|EventAgentReady|true",
        "Event?gent*|EventAgentNotReady|true",
        "Event?gent*|Eventgent|false",
        "a*b*c|aXXbYYc|true",
        "a*b*c|aXXbYYcZ|false",
        "a*b*c|abcbc|true",
        "a**b|ab|true",
        "*|''|true",
        "?|''|false",
        "\\*|*|true",
        "\\*|x|false",
        "a\\?|a?|true",
        "a\\?|ab|false",
        "EventReleased|EventReleased|true",
        "EventReleased|eventreleased|false",
    })
    void matchesLikeAGlob(String pattern, String text, boolean matches) {
        assertThat(GlobPattern.compile(pattern).matches(text)).isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"EventReleased|true|EventReleased", "a\\*b|true|a*b", "a*|false|"})
    void knowsWhenItIsLiteral(String pattern, boolean literal, String text) {
        GlobPattern glob = GlobPattern.compile(pattern);
        assertThat(glob.isLiteral()).isEqualTo(literal);
        if (literal) {
            assertThat(glob.literalText()).isEqualTo(text);
        }
    }
}
