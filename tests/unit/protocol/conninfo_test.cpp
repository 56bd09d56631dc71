#include "protocol/conninfo.hpp"

#include <catch2/catch.hpp>

#include <map>

using wiredump::protocol::conninfo_errc;
using wiredump::protocol::ConninfoOption;
using wiredump::protocol::Diagnostics;
using Options = std::vector<ConninfoOption>;

namespace Catch {
template <>
struct StringMaker<ConninfoOption> {
    static std::string convert(const ConninfoOption& option) { return option.keyword + "=[" + option.value + "]"; }
};
}  // namespace Catch

namespace {

struct ParseCase {
    const char* text;
    Options expected;
};

struct ErrorCase {
    const char* text;
    conninfo_errc expected;
    // A fragment the message must contain.
    const char* message_part;
};

Options parse_ok(const std::string& text) {
    Options options;
    Diagnostics diagnostics;
    const std::error_code error = wiredump::protocol::parse_connection_string(text, options, diagnostics);
    INFO("input: " << text << "\nmessage: " << diagnostics.client_message());
    REQUIRE_FALSE(error);
    return options;
}

void check_error(const ErrorCase& test) {
    Options options;
    Diagnostics diagnostics;
    const std::error_code error = wiredump::protocol::parse_connection_string(test.text, options, diagnostics);
    INFO("input: " << test.text << "\nmessage: " << diagnostics.client_message());
    CHECK(error == test.expected);
    CHECK(diagnostics.client_message().find(test.message_part) != std::string::npos);
}

}  // namespace

TEST_CASE("conninfo keyword/value strings", "[conninfo]") {
    const std::vector<ParseCase> cases = {
        {"", {}},
        {"   \t\n ", {}},
        {"host=localhost port=5432 dbname=mydb connect_timeout=10",
         {{"host", "localhost"}, {"port", "5432"}, {"dbname", "mydb"}, {"connect_timeout", "10"}}},
        {"  host = localhost   port=  5432  ", {{"host", "localhost"}, {"port", "5432"}}},
        {"host='my host' dbname='a\\'b'", {{"host", "my host"}, {"dbname", "a'b"}}},
        {"user=x\\ y", {{"user", "x y"}}},
        {"host=a\\", {{"host", "a"}}},
        {"host='a'port=5", {{"host", "a"}, {"port", "5"}}},
        {"host=a'b'", {{"host", "a'b'"}}},
        // Whitespace after "=" is skipped, so the value here is "user=".
        {"dbname= user=", {{"dbname", "user="}}},
        {"dbname='' user=x", {{"dbname", ""}, {"user", "x"}}},
        {"user=", {{"user", ""}}},
        {"password=''", {{"password", ""}}},
        {"host=a host=b", {{"host", "a"}, {"host", "b"}}},
        {"requiressl=1", {{"sslmode", "require"}}},
        {"requiressl=0", {{"sslmode", "prefer"}}},
        {"options='-c search_path=x'", {{"options", "-c search_path=x"}}},
        {"application_name='\\\\'", {{"application_name", "\\"}}},
        {"host=a,b port=5432,5433", {{"host", "a,b"}, {"port", "5432,5433"}}},
    };
    for (const ParseCase& test : cases) {
        INFO("input: " << test.text);
        CHECK(parse_ok(test.text) == test.expected);
    }
}

TEST_CASE("conninfo URIs from the libpq documentation", "[conninfo]") {
    const std::vector<ParseCase> cases = {
        {"postgresql://", {}},
        {"postgres://", {}},
        {"postgresql://localhost", {{"host", "localhost"}}},
        {"postgresql://localhost:5433", {{"host", "localhost"}, {"port", "5433"}}},
        {"postgresql://localhost/mydb", {{"host", "localhost"}, {"dbname", "mydb"}}},
        {"postgresql://user@localhost", {{"user", "user"}, {"host", "localhost"}}},
        {"postgresql://user:secret@localhost", {{"user", "user"}, {"password", "secret"}, {"host", "localhost"}}},
        {"postgresql://other@localhost/otherdb?connect_timeout=10&application_name=myapp",
         {{"user", "other"},
          {"host", "localhost"},
          {"dbname", "otherdb"},
          {"connect_timeout", "10"},
          {"application_name", "myapp"}}},
        {"postgresql://host1:123,host2:456/somedb?target_session_attrs=any&application_name=myapp",
         {{"host", "host1,host2"},
          {"port", "123,456"},
          {"dbname", "somedb"},
          {"target_session_attrs", "any"},
          {"application_name", "myapp"}}},
        {"postgresql:///mydb?host=localhost&port=5433", {{"dbname", "mydb"}, {"host", "localhost"}, {"port", "5433"}}},
        {"postgresql://[2001:db8::1234]/database", {{"host", "2001:db8::1234"}, {"dbname", "database"}}},
        {"postgresql://%2Fvar%2Flib%2Fpostgresql/dbname", {{"host", "/var/lib/postgresql"}, {"dbname", "dbname"}}},
        {"postgresql:///dbname?host=/var/lib/postgresql", {{"dbname", "dbname"}, {"host", "/var/lib/postgresql"}}},
    };
    for (const ParseCase& test : cases) {
        INFO("input: " << test.text);
        CHECK(parse_ok(test.text) == test.expected);
    }
}

TEST_CASE("conninfo URI edge cases", "[conninfo]") {
    const std::vector<ParseCase> cases = {
        {"postgresql://uri-user:secret@host:12345/db",
         {{"user", "uri-user"}, {"password", "secret"}, {"host", "host"}, {"port", "12345"}, {"dbname", "db"}}},
        {"postgresql://uri-user@", {{"user", "uri-user"}}},
        {"postgresql://?hostaddr=127.0.0.1", {{"hostaddr", "127.0.0.1"}}},
        {"postgresql://%68ost/", {{"host", "host"}}},
        {"postgresql://host/db?u%73er=someotheruser&port=12345",
         {{"host", "host"}, {"dbname", "db"}, {"user", "someotheruser"}, {"port", "12345"}}},
        {"postgres://uri-user@/db", {{"user", "uri-user"}, {"dbname", "db"}}},
        {"postgresql://[::1]:12345/db", {{"host", "::1"}, {"port", "12345"}, {"dbname", "db"}}},
        {"postgresql://[200z:db8::1234]/", {{"host", "200z:db8::1234"}}},
        {"postgresql://[::1],[::2]:5/x", {{"host", "::1,::2"}, {"port", ",5"}, {"dbname", "x"}}},
        {"postgresql://host:1,:2,host3", {{"host", "host,,host3"}, {"port", "1,2,"}}},
        {"postgresql://a%2Cb/", {{"host", "a,b"}}},
        {"postgresql://u:p:q@h/d", {{"user", "u"}, {"password", "p:q"}, {"host", "h"}, {"dbname", "d"}}},
        {"postgresql://:pw@h", {{"password", "pw"}, {"host", "h"}}},
        {"postgresql://user:@h", {{"user", "user"}, {"host", "h"}}},
        {"postgresql://h/d?application_name=a b", {{"host", "h"}, {"dbname", "d"}, {"application_name", "a b"}}},
        {"postgresql://h/d?application_name=a%20b", {{"host", "h"}, {"dbname", "d"}, {"application_name", "a b"}}},
        {"postgresql://host/db?ssl=true", {{"host", "host"}, {"dbname", "db"}, {"sslmode", "require"}}},
        {"postgresql://host?requiressl=1", {{"host", "host"}, {"sslmode", "require"}}},
        {"postgresql://host/db?user=a&", {{"host", "host"}, {"dbname", "db"}, {"user", "a"}}},
        {"postgresql://h/?", {{"host", "h"}}},
        {"postgresql://h/d/e", {{"host", "h"}, {"dbname", "d/e"}}},
        {"postgresql://h:port/d", {{"host", "h"}, {"port", "port"}, {"dbname", "d"}}},
        // Only "/" ends the search for "@", so this "@" splits user information.
        {"postgresql://h?x@y/d", {{"user", "h?x"}, {"host", "y"}, {"dbname", "d"}}},
    };
    for (const ParseCase& test : cases) {
        INFO("input: " << test.text);
        CHECK(parse_ok(test.text) == test.expected);
    }
}

TEST_CASE("conninfo malformed strings", "[conninfo]") {
    const std::vector<ErrorCase> cases = {
        {"foo=bar", conninfo_errc::invalid_option, "invalid connection option \"foo\" at position 1"},
        {"host=a tty=x", conninfo_errc::invalid_option, "\"tty\" at position 8"},
        {"=x", conninfo_errc::invalid_option, "invalid connection option \"\""},
        {"host", conninfo_errc::missing_equals, "missing \"=\" after \"host\""},
        {"host port=5", conninfo_errc::missing_equals, "missing \"=\" after \"host\" at position 1"},
        {"postgre://", conninfo_errc::missing_equals, "after \"postgre://\""},
        {"host='unterminated", conninfo_errc::unterminated_quote, "closing \"'\" for the value of \"host\""},
        {"postgresql://[::1", conninfo_errc::invalid_ipv6_host, "missing \"]\""},
        {"postgresql://[]", conninfo_errc::invalid_ipv6_host, "empty IPv6 host address"},
        {"postgresql://[::1]z", conninfo_errc::unexpected_character, "\"z\" at position 19"},
        {"postgresql://host?=", conninfo_errc::invalid_query_parameter, "invalid URI query parameter \"\""},
        {"postgresql://host?uzer=", conninfo_errc::invalid_query_parameter, "\"uzer\""},
        {"postgresql://host/db?u%7aer=x", conninfo_errc::invalid_query_parameter, "\"uzer\""},
        {"postgresql://host/db?ssl=false", conninfo_errc::invalid_query_parameter, "\"ssl\""},
        {"postgresql://host/db?user", conninfo_errc::missing_query_separator, "\"user\""},
        {"postgresql://host/db?user=a&&port=1", conninfo_errc::missing_query_separator, "\"\""},
        {"postgresql://host/db?user==", conninfo_errc::extra_query_separator, "\"user\""},
        {"postgresql://host/db?user=a=b", conninfo_errc::extra_query_separator, "\"user\""},
        {"postgresql://host/a%", conninfo_errc::invalid_percent_encoding, "invalid percent-encoded token in the dbname \"a%\""},
        {"postgresql://host/a%2", conninfo_errc::invalid_percent_encoding, "position 20"},
        {"postgresql://host/a%2z", conninfo_errc::invalid_percent_encoding, "dbname"},
        {"postgresql://ho%zzst/db", conninfo_errc::invalid_percent_encoding, "the host \"ho%zzst\""},
        {"postgresql://host/a%00", conninfo_errc::percent_encoded_nul, "forbidden value %00"},
        {"postgresql://host/db?user=%00", conninfo_errc::percent_encoded_nul, "the value of \"user\""},
    };
    for (const ErrorCase& test : cases) {
        check_error(test);
    }
}

TEST_CASE("conninfo errors hide passwords", "[conninfo]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"postgresql://user:se%zzcret@host/db", "se%zzcret"},
        {"postgresql://user:se%00cret@host/db", "se%00cret"},
        {"postgresql://host/db?password=se%zzcret", "se%zzcret"},
        {"password=secret xyzzy=x", "xyzzy"},
        {"password=secret xyzzy", "xyzzy"},
    };
    for (const auto& [text, secret] : cases) {
        Options options;
        Diagnostics diagnostics;
        const std::error_code error = wiredump::protocol::parse_connection_string(text, options, diagnostics);
        INFO("input: " << text << "\nmessage: " << diagnostics.client_message());
        CHECK(error);
        CHECK(diagnostics.client_message().find(secret) == std::string::npos);
        CHECK(diagnostics.client_message().find("password") != std::string::npos);
    }
}

TEST_CASE("conninfo rejects NUL bytes", "[conninfo]") {
    for (const std::string& text : {std::string("host=a\0b", 8), std::string("postgresql://a\0b", 16)}) {
        Options options;
        Diagnostics diagnostics;
        CHECK(wiredump::protocol::parse_connection_string(text, options, diagnostics) == conninfo_errc::nul_byte);
    }
}

TEST_CASE("conninfo connection string detection", "[conninfo]") {
    using wiredump::protocol::is_connection_string;
    CHECK(is_connection_string("postgresql://"));
    CHECK(is_connection_string("postgres://h/db"));
    CHECK(is_connection_string("dbname=x"));
    CHECK(is_connection_string("my=db"));
    CHECK_FALSE(is_connection_string("mydb"));
    CHECK_FALSE(is_connection_string("postgresql:/h"));
    CHECK_FALSE(is_connection_string(""));
}

TEST_CASE("conninfo known keywords", "[conninfo]") {
    using wiredump::protocol::is_conninfo_keyword;
    for (const char* keyword : {"host", "hostaddr", "port", "dbname", "user", "password", "passfile",
                                "connect_timeout", "client_encoding", "options", "application_name",
                                "fallback_application_name", "keepalives", "keepalives_idle", "keepalives_interval",
                                "keepalives_count", "tcp_user_timeout", "sslmode", "sslcert", "sslkey",
                                "sslrootcert", "sslcrl", "sslcrldir", "sslsni", "sslpassword", "channel_binding",
                                "target_session_attrs", "service", "gssencmode", "require_auth",
                                "load_balance_hosts"}) {
        INFO(keyword);
        CHECK(is_conninfo_keyword(keyword));
    }
    CHECK_FALSE(is_conninfo_keyword("tty"));
    CHECK_FALSE(is_conninfo_keyword("authtype"));
    CHECK_FALSE(is_conninfo_keyword("Host"));
}
