#include "protocol/saslprep.hpp"

#include <catch2/catch.hpp>

#include <string>

using wiredump::protocol::prepare_scram_password;
using wiredump::protocol::saslprep;
using wiredump::protocol::SaslprepResult;

namespace {

struct SaslprepCase {
    const char* name;
    std::string input;
    SaslprepResult expected_result;
    std::string expected_output;  // checked only on success
};

}  // namespace

TEST_CASE("saslprep table of cases", "[saslprep]") {
    const SaslprepCase cases[] = {
        // RFC 4013 section 3 examples 1 to 5 and 7.
        {"soft hyphen mapped to nothing", "I\u00ADX", SaslprepResult::success, "IX"},
        {"lowercase ascii unchanged", "user", SaslprepResult::success, "user"},
        {"uppercase ascii unchanged", "USER", SaslprepResult::success, "USER"},
        {"feminine ordinal to a", "\u00AA", SaslprepResult::success, "a"},
        {"roman numeral nine to IX", "\u2168", SaslprepResult::success, "IX"},
        {"bidi string ends with digit", "\u0627" "1", SaslprepResult::invalid_bidi, ""},

        // RFC 4013 example 6 is U+0007, which it prohibits. PostgreSQL passes
        // pure ASCII through unchanged, and so must the client.
        {"ascii control passes", "\x07", SaslprepResult::success, "\x07"},
        {"ascii control with non-ascii", "\u00E9\x07", SaslprepResult::prohibited_character, ""},

        {"no-break space to space", "a\u00A0b", SaslprepResult::success, "a b"},
        {"ideographic space to space", "a\u3000b", SaslprepResult::success, "a b"},
        {"zero width joiner removed", "a\u200Db\u00E9", SaslprepResult::success, "ab\u00E9"},
        {"only mapped to nothing", "\u00AD\uFEFF", SaslprepResult::empty_after_mapping, ""},
        // U+200B is in both table C.1.2 and table B.1, and the space mapping
        // comes first, in libidn as in PostgreSQL.
        {"zero width space to space", "a\u200Bb\u00E9", SaslprepResult::success, "a b\u00E9"},
        {"decomposed e acute composed", "e\u0301", SaslprepResult::success, "\u00E9"},
        {"fullwidth letters to ascii", "\uFF21\uFF42", SaslprepResult::success, "Ab"},
        {"ligature fi decomposed", "\uFB01", SaslprepResult::success, "fi"},
        {"four byte letter kept", "\U00010400", SaslprepResult::success, "\U00010400"},
        {"valid right to left string", "\u0627" "1\u0628", SaslprepResult::success, "\u0627" "1\u0628"},
        {"mixed left and right to left", "\u0627" "a\u0628", SaslprepResult::invalid_bidi, ""},

        // CJK compatibility ideographs whose decompositions Unicode corrected.
        // PostgreSQL 15 derived its stored keys from the corrected forms.
        {"cjk compatibility 2F868", "\U0002F868", SaslprepResult::success, "\u36FC"},
        {"cjk compatibility 2F874", "\U0002F874", SaslprepResult::success, "\u5F53"},
        {"cjk compatibility 2F91F", "\U0002F91F", SaslprepResult::success, "\U000243AB"},
        {"cjk compatibility 2F95F", "\U0002F95F", SaslprepResult::success, "\u7AEE"},
        {"cjk compatibility 2F9BF", "\U0002F9BF", SaslprepResult::success, "\u45D7"},
        {"cjk compatibility F951", "\uF951", SaslprepResult::success, "\u964B"},

        {"private use prohibited", "a\uE000", SaslprepResult::prohibited_character, ""},
        {"non-ascii control prohibited", "a\u0085", SaslprepResult::prohibited_character, ""},
        {"noncharacter prohibited", "a\uFFFF", SaslprepResult::prohibited_character, ""},
        {"replacement character prohibited", "a\uFFFD", SaslprepResult::prohibited_character, ""},
        {"left-to-right mark prohibited", "a\u200E", SaslprepResult::prohibited_character, ""},
        {"language tag prohibited", "a\U000E0001", SaslprepResult::prohibited_character, ""},
        {"unassigned in unicode 3.2", "a\u0221", SaslprepResult::unassigned_code_point, ""},

        // PostgreSQL checks before NFKC, and U+0340 is prohibited there even
        // though it normalizes to the allowed U+0300. A PostgreSQL 15 server
        // stored this password as raw bytes, and a login with U+00E0 failed.
        {"tone mark checked before nfkc", "a\u0340", SaslprepResult::prohibited_character, ""},

        {"lone continuation byte", "a\x80", SaslprepResult::invalid_utf8, ""},
        {"truncated sequence", "\xC3", SaslprepResult::invalid_utf8, ""},
        {"overlong slash", "\xC0\xAF", SaslprepResult::invalid_utf8, ""},
        {"overlong three bytes", "\xE0\x80\xAF", SaslprepResult::invalid_utf8, ""},
        {"surrogate encoded", "\xED\xA0\x80", SaslprepResult::invalid_utf8, ""},
        {"above U+10FFFF", "\xF4\x90\x80\x80", SaslprepResult::invalid_utf8, ""},
        {"latin-1 byte", "caf\xE9", SaslprepResult::invalid_utf8, ""},
        {"byte 0xFF", "\xFF\xFE" "ab", SaslprepResult::invalid_utf8, ""},
    };

    for (const auto& c : cases) {
        INFO("case: " << c.name);
        std::string output = "unchanged";
        const SaslprepResult result = saslprep(c.input, output);

        CHECK(static_cast<int>(result) == static_cast<int>(c.expected_result));
        if (c.expected_result == SaslprepResult::success) {
            CHECK(output == c.expected_output);
        } else {
            CHECK(output == "unchanged");
        }
    }
}

TEST_CASE("saslprep empty ascii string", "[saslprep]") {
    std::string output = "unchanged";
    CHECK(saslprep("", output) == SaslprepResult::success);
    CHECK(output.empty());
}

TEST_CASE("saslprep ascii with zero byte", "[saslprep]") {
    const std::string input("a\0b", 3);
    std::string output;
    CHECK(saslprep(input, output) == SaslprepResult::success);
    CHECK(output == input);
}

TEST_CASE("scram password falls back to raw bytes", "[saslprep]") {
    // A PostgreSQL 15 server in a SQL_ASCII database stored the password
    // "\xff\xfe" "ab" raw, and the client logged in by sending the same bytes.
    CHECK(prepare_scram_password("\xFF\xFE" "ab") == "\xFF\xFE" "ab");
    CHECK(prepare_scram_password("a\u0340") == "a\u0340");
    CHECK(prepare_scram_password("\u0627" "1") == "\u0627" "1");
    CHECK(prepare_scram_password("\u00AD") == "\u00AD");
}

TEST_CASE("scram password uses saslprep output", "[saslprep]") {
    CHECK(prepare_scram_password("I\u00ADX") == "IX");
    CHECK(prepare_scram_password("\u2168") == "IX");
    CHECK(prepare_scram_password("pencil") == "pencil");
}
