#include "protocol/service_file.hpp"

#include <catch2/catch.hpp>

using namespace wiredump::protocol;

namespace {

ServiceSection read_section(std::string_view text, std::string_view service) {
    ServiceSection section;
    Diagnostics diagnostics;
    REQUIRE_FALSE(parse_service_file(text, "pg_service.conf", service, section, diagnostics));
    return section;
}

}  // namespace

TEST_CASE("service file section read") {
    const std::string_view text =
        "# comment\n"
        "[other]\n"
        "host=elsewhere\n"
        "\n"
        "  [shop]  \n"
        "host=db1\r\n"
        "  port=6432\n"
        "options=-c search_path=a\\,b \n"
        "dbname='quoted'\n"
        "[later]\n"
        "host=ignored\n";
    const ServiceSection section = read_section(text, "shop");
    CHECK(section.found);
    CHECK(section.options == std::vector<ConninfoOption>{{"host", "db1"},
                                                         {"port", "6432"},
                                                         {"options", "-c search_path=a\\,b"},
                                                         {"dbname", "'quoted'"}});
}

TEST_CASE("service file section missing") {
    const ServiceSection section = read_section("[shop]\nhost=a\n[shopping]\nhost=b\n", "shop2");
    CHECK_FALSE(section.found);
    CHECK(section.options.empty());
}

TEST_CASE("service file name matched exactly") {
    CHECK_FALSE(read_section("[shopx]\nhost=a\n", "shop").found);
    CHECK_FALSE(read_section("[shop\nhost=a\n", "shop").found);
    CHECK(read_section("[shop]\n", "shop").found);
}

TEST_CASE("service file errors outside the section ignored") {
    const ServiceSection section = read_section("[broken]\nno equals here\nservice=x\n[shop]\nuser=u\n", "shop");
    CHECK(section.options == std::vector<ConninfoOption>{{"user", "u"}});
}

TEST_CASE("service file errors name the line") {
    struct Case {
        const char* name;
        std::string_view text;
        std::error_code expected;
        std::string_view message_part;
    };
    const std::vector<Case> cases = {
        {"no equals", "[shop]\nhost=a\nport 5432\n", service_file_errc::syntax_error, "line 3"},
        {"unknown keyword", "[shop]\n\nhots=a\n", service_file_errc::syntax_error, "\"hots\""},
        {"space before equals", "[shop]\nhost = a\n", service_file_errc::syntax_error, "line 2"},
        {"nested service", "# x\n[shop]\nservice=other\n", service_file_errc::nested_service, "line 3"},
    };
    for (const Case& test_case : cases) {
        INFO("case: " << test_case.name);
        ServiceSection section;
        Diagnostics diagnostics;
        CHECK(parse_service_file(test_case.text, "/etc/pg_service.conf", "shop", section, diagnostics) ==
              test_case.expected);
        CHECK(diagnostics.client_message().find("\"/etc/pg_service.conf\"") != std::string::npos);
        CHECK(diagnostics.client_message().find(test_case.message_part) != std::string::npos);
    }
}

TEST_CASE("service file error hides the value") {
    ServiceSection section;
    Diagnostics diagnostics;
    CHECK(parse_service_file("[shop]\npasswort=secret\n", "f", "shop", section, diagnostics));
    CHECK(diagnostics.client_message().find("secret") == std::string::npos);
}
