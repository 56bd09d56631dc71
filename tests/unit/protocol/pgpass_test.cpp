#include "protocol/pgpass.hpp"

#include <catch2/catch.hpp>

using wiredump::protocol::find_pgpass_password;
using wiredump::protocol::PgpassLookup;

namespace {

constexpr std::string_view socket_directory = "/var/run/postgresql";

std::optional<std::string> lookup(std::string_view file, PgpassLookup query) {
    return find_pgpass_password(file, query, socket_directory);
}

}  // namespace

TEST_CASE("pgpass exact match", "[pgpass]") {
    const std::string file = "db.example.com:5432:sales:alice:s3cret\n";
    CHECK(lookup(file, {"db.example.com", "5432", "sales", "alice"}) == "s3cret");
    CHECK_FALSE(lookup(file, {"db.example.com", "5433", "sales", "alice"}));
    CHECK_FALSE(lookup(file, {"db.example.com", "5432", "sales", "bob"}));
    CHECK_FALSE(lookup(file, {"db.example.com", "5432", "sale", "alice"}));
    CHECK_FALSE(lookup(file, {"db.example.co", "5432", "sales", "alice"}));
    CHECK_FALSE(lookup(file, {"db.example.com.", "5432", "sales", "alice"}));
}

TEST_CASE("pgpass first matching line wins", "[pgpass]") {
    const std::string file =
        "*:*:sales:alice:first\n"
        "db:5432:sales:alice:second\n";
    CHECK(lookup(file, {"db", "5432", "sales", "alice"}) == "first");
}

TEST_CASE("pgpass wildcards", "[pgpass]") {
    const std::string file = "*:*:*:*:any\n";
    CHECK(lookup(file, {"h", "1", "d", "u"}) == "any");

    // "*" is a wildcard only as a whole field.
    const std::string partial = "h*:5432:d:u:partial\n";
    CHECK_FALSE(lookup(partial, {"host", "5432", "d", "u"}));
    CHECK(lookup(partial, {"h*", "5432", "d", "u"}) == "partial");
}

TEST_CASE("pgpass escapes", "[pgpass]") {
    const std::string file = "h:5432:my\\:db:us\\\\er:pa\\:ss\\\\word\n";
    CHECK(lookup(file, {"h", "5432", "my:db", "us\\er"}) == "pa:ss\\word");
    CHECK_FALSE(lookup(file, {"h", "5432", "my", "db"}));
}

TEST_CASE("pgpass password ends at unescaped colon", "[pgpass]") {
    CHECK(lookup("h:1:d:u:pass:extra\n", {"h", "1", "d", "u"}) == "pass");
    CHECK(lookup("h:1:d:u:\n", {"h", "1", "d", "u"}) == "");
    CHECK(lookup("h:1:d:u:trailing\\", {"h", "1", "d", "u"}) == "trailing\\");
}

TEST_CASE("pgpass skips comments and blank lines", "[pgpass]") {
    const std::string file =
        "# h:1:d:u:commented\n"
        "\n"
        "\r\n"
        "h:1:d:u:real\r\n";
    CHECK(lookup(file, {"h", "1", "d", "u"}) == "real");
    // Only a "#" in the first column starts a comment.
    CHECK(lookup("  # h:1:d:u:x\n", {"  # h", "1", "d", "u"}) == "x");
}

TEST_CASE("pgpass last line without newline", "[pgpass]") {
    CHECK(lookup("a:1:d:u:x\nh:1:d:u:last", {"h", "1", "d", "u"}) == "last");
}

TEST_CASE("pgpass short lines never match", "[pgpass]") {
    CHECK_FALSE(lookup("h:1:d:u", {"h", "1", "d", "u"}));
    CHECK_FALSE(lookup("h:1:d", {"h", "1", "d", "u"}));
    CHECK_FALSE(lookup("*:*:*:*", {"h", "1", "d", "u"}));
}

TEST_CASE("pgpass default socket is localhost", "[pgpass]") {
    const std::string file = "localhost:5432:d:u:local\n";
    CHECK(lookup(file, {"/var/run/postgresql", "5432", "d", "u"}) == "local");
    CHECK(lookup(file, {"", "5432", "d", "u"}) == "local");
    CHECK(lookup(file, {"localhost", "5432", "d", "u"}) == "local");
    CHECK_FALSE(lookup(file, {"/tmp", "5432", "d", "u"}));

    // Another socket directory is matched by its own path.
    CHECK(lookup("/tmp:5432:d:u:tmp\n", {"/tmp", "5432", "d", "u"}) == "tmp");
}

TEST_CASE("pgpass empty port means 5432", "[pgpass]") {
    CHECK(lookup("h:5432:d:u:p\n", {"h", "", "d", "u"}) == "p");
}

TEST_CASE("pgpass needs dbname and user", "[pgpass]") {
    const std::string file = "*:*:*:*:p\n";
    CHECK_FALSE(lookup(file, {"h", "1", "", "u"}));
    CHECK_FALSE(lookup(file, {"h", "1", "d", ""}));
}

TEST_CASE("pgpass IPv6 host", "[pgpass]") {
    // libpq lets an unescaped ":" match a ":" inside the value.
    CHECK(lookup("::1:5432:d:u:v6\n", {"::1", "5432", "d", "u"}) == "v6");
    CHECK(lookup("\\:\\:1:5432:d:u:v6\n", {"::1", "5432", "d", "u"}) == "v6");
}
