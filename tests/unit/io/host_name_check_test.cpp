#include "io/host_name_check.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <tuple>
#include <vector>

using wiredump::io::CertificateNames;
using wiredump::io::certificate_matches_host;
using wiredump::io::certificate_name_matches;
using wiredump::io::parse_ip_literal;

namespace {

const std::vector<std::uint8_t> loopback_v4 = {127, 0, 0, 1};
const std::vector<std::uint8_t> loopback_v6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

bool matches(const CertificateNames& names, std::string_view host) {
    std::string message;
    return certificate_matches_host(names, host, message);
}

}  // namespace

TEST_CASE("host name wildcard rules", "[host_name]") {
    const std::vector<std::tuple<std::string, std::string, bool>> cases = {
        {"db.example.com", "db.example.com", true},
        {"DB.Example.COM", "db.example.com", true},
        {"*.example.com", "db.example.com", true},
        {"*.EXAMPLE.com", "Db.example.COM", true},
        {"*.example.com", "example.com", false},
        {"*.example.com", "a.b.example.com", false},
        {"*.example.com", ".example.com", false},
        {"*.example.com", "dbexample.com", false},
        {"*", "localhost", false},
        {"*.", "a.", false},
        {"db*.example.com", "db1.example.com", false},
        {"a.*.example.com", "a.b.example.com", false},
        {"localhost", "localhost.", false},
    };
    for (const auto& [name, host, expected] : cases) {
        INFO(name << " against " << host);
        CHECK(certificate_name_matches(name, host) == expected);
    }
}

TEST_CASE("host name ip literals", "[host_name]") {
    CHECK(parse_ip_literal("127.0.0.1") == loopback_v4);
    CHECK(parse_ip_literal("127.1") == loopback_v4);
    CHECK(parse_ip_literal("::1") == loopback_v6);
    CHECK_FALSE(parse_ip_literal("localhost"));
    CHECK_FALSE(parse_ip_literal("[::1]"));
}

TEST_CASE("host name dns san", "[host_name]") {
    CertificateNames names;
    names.dns_names = {"localhost", "*.db.test"};
    names.common_name = "ignored.test";
    CHECK(matches(names, "localhost"));
    CHECK(matches(names, "replica.db.test"));
    // The CN does not count when a dNSName entry exists.
    CHECK_FALSE(matches(names, "ignored.test"));

    std::string message;
    CHECK_FALSE(certificate_matches_host(names, "other.test", message));
    CHECK(message.find("\"localhost\", \"*.db.test\"") != std::string::npos);
    CHECK(message.find("host name \"other.test\"") != std::string::npos);
    CHECK(message.find("CN was not used") != std::string::npos);
}

TEST_CASE("host name ip san", "[host_name]") {
    CertificateNames names;
    names.dns_names = {"localhost"};
    names.ip_addresses = {loopback_v4, loopback_v6};
    CHECK(matches(names, "127.0.0.1"));
    CHECK(matches(names, "::1"));
    CHECK_FALSE(matches(names, "127.0.0.2"));

    std::string message;
    CHECK_FALSE(certificate_matches_host(names, "127.0.0.2", message));
    CHECK(message.find("127.0.0.1") != std::string::npos);
    CHECK(message.find("::1") != std::string::npos);
}

TEST_CASE("host name ip literal in dns san", "[host_name]") {
    // libpq compares a dNSName as text with any host, IP literals included.
    CertificateNames names;
    names.dns_names = {"127.0.0.1"};
    CHECK(matches(names, "127.0.0.1"));
}

TEST_CASE("host name common name fallback", "[host_name]") {
    CertificateNames names;
    names.common_name = "localhost";
    CHECK(matches(names, "localhost"));
    CHECK(matches(names, "LOCALHOST"));
    CHECK_FALSE(matches(names, "127.0.0.1"));

    // An IP literal host may use the CN when there is no iPAddress entry,
    // even if dNSName entries exist.
    CertificateNames by_address;
    by_address.dns_names = {"db.test"};
    by_address.common_name = "127.0.0.1";
    CHECK(matches(by_address, "127.0.0.1"));

    CertificateNames wildcard;
    wildcard.common_name = "*.db.test";
    CHECK(matches(wildcard, "one.db.test"));
}

TEST_CASE("host name no names", "[host_name]") {
    std::string message;
    CHECK_FALSE(certificate_matches_host(CertificateNames{}, "localhost", message));
    CHECK(message.find("carries no host name") != std::string::npos);
}

TEST_CASE("host name embedded nul", "[host_name]") {
    CertificateNames names;
    names.dns_names = {std::string("good.test\0.evil.test", 20)};
    std::string message;
    CHECK_FALSE(certificate_matches_host(names, "good.test", message));
    CHECK(message.find("NUL") != std::string::npos);

    CertificateNames common;
    common.common_name = std::string("good.test\0x", 11);
    CHECK_FALSE(matches(common, "good.test"));
}
