#include "cli/connection_settings.hpp"
#include "cli/tls_options.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <tuple>
#include <vector>

using wiredump::cli::resolve_tls_settings;
using wiredump::cli::settings_errc;
using wiredump::io::SslMode;
using wiredump::io::SslNegotiation;
using wiredump::io::TlsSettings;
using wiredump::io::TlsVersion;
using wiredump::protocol::ChannelBinding;
using wiredump::protocol::Diagnostics;

namespace {

using Settings = std::map<std::string, std::string>;

TlsSettings resolve(const Settings& settings, const std::string& home = "/home/u") {
    TlsSettings tls;
    Diagnostics diagnostics;
    const std::error_code error = resolve_tls_settings(settings, home, tls, diagnostics);
    INFO("message: " << diagnostics.client_message());
    REQUIRE_FALSE(error);
    return tls;
}

std::pair<std::error_code, std::string> resolve_error(const Settings& settings) {
    TlsSettings tls;
    Diagnostics diagnostics;
    const std::error_code error = resolve_tls_settings(settings, "/home/u", tls, diagnostics);
    return {error, diagnostics.client_message()};
}

}  // namespace

TEST_CASE("tls settings defaults", "[tls_settings]") {
    const TlsSettings tls = resolve({});
    CHECK(tls.mode == SslMode::prefer);
    CHECK(tls.negotiation == SslNegotiation::postgres);
    CHECK(tls.channel_binding == ChannelBinding::prefer);
    CHECK(tls.root_cert_file == "/home/u/.postgresql/root.crt");
    CHECK(tls.cert_file == "/home/u/.postgresql/postgresql.crt");
    CHECK_FALSE(tls.cert_file_named);
    CHECK(tls.key_file == "/home/u/.postgresql/postgresql.key");
    CHECK_FALSE(tls.key_file_named);
    CHECK(tls.crl_file == "/home/u/.postgresql/root.crl");
    CHECK_FALSE(tls.crl_named);
    CHECK(tls.min_version == TlsVersion::tls1_2);
    CHECK_FALSE(tls.max_version);
    CHECK(tls.sni);
    CHECK(tls.certificate_mode == wiredump::io::ClientCertificateMode::allow);
    CHECK_FALSE(tls.key_password);
}

TEST_CASE("tls settings without home directory", "[tls_settings]") {
    const TlsSettings tls = resolve({}, "");
    CHECK(tls.root_cert_file.empty());
    CHECK(tls.cert_file.empty());
    CHECK(tls.crl_file.empty());
}

TEST_CASE("tls settings named files", "[tls_settings]") {
    const TlsSettings tls = resolve({{"sslrootcert", "/ca.crt"},
                                     {"sslcert", "/c.crt"},
                                     {"sslkey", "/c.key"},
                                     {"sslcrldir", "/crls"},
                                     {"sslpassword", "secret"}});
    CHECK(tls.root_cert_file == "/ca.crt");
    CHECK(tls.cert_file == "/c.crt");
    CHECK(tls.cert_file_named);
    CHECK(tls.key_file == "/c.key");
    CHECK(tls.key_file_named);
    CHECK(tls.crl_file.empty());
    CHECK(tls.crl_dir == "/crls");
    CHECK(tls.crl_named);
    CHECK(tls.key_password == "secret");
}

TEST_CASE("tls settings every sslmode", "[tls_settings]") {
    const std::vector<std::pair<std::string, SslMode>> modes = {
        {"disable", SslMode::disable}, {"allow", SslMode::allow},         {"prefer", SslMode::prefer},
        {"require", SslMode::require}, {"verify-ca", SslMode::verify_ca}, {"verify-full", SslMode::verify_full},
    };
    for (const auto& [name, mode] : modes) {
        INFO(name);
        CHECK(resolve({{"sslmode", name}}).mode == mode);
    }
}

TEST_CASE("tls settings values", "[tls_settings]") {
    const TlsSettings tls = resolve({{"sslmode", "require"},
                                     {"sslnegotiation", "direct"},
                                     {"channel_binding", "require"},
                                     {"sslsni", "0"},
                                     {"sslcertmode", "disable"},
                                     {"ssl_min_protocol_version", "tlsv1.3"},
                                     {"ssl_max_protocol_version", "TLSv1.3"}});
    CHECK(tls.negotiation == SslNegotiation::direct);
    CHECK(tls.channel_binding == ChannelBinding::require);
    CHECK_FALSE(tls.sni);
    CHECK(tls.certificate_mode == wiredump::io::ClientCertificateMode::disable);
    CHECK(tls.min_version == TlsVersion::tls1_3);
    CHECK(tls.max_version == TlsVersion::tls1_3);
}

TEST_CASE("tls settings system roots", "[tls_settings]") {
    CHECK(resolve({{"sslrootcert", "system"}}).mode == SslMode::verify_full);
    CHECK(resolve({{"sslrootcert", "system"}, {"sslmode", "verify-full"}}).uses_system_roots());

    const auto [error, message] = resolve_error({{"sslrootcert", "system"}, {"sslmode", "require"}});
    CHECK(error == settings_errc::invalid_value);
    CHECK(message.find("weak sslmode \"require\" may not be used with sslrootcert=system") != std::string::npos);
}

TEST_CASE("tls settings direct needs strong mode", "[tls_settings]") {
    for (const char* mode : {"disable", "allow", "prefer", ""}) {
        const auto [error, message] = resolve_error({{"sslnegotiation", "direct"}, {"sslmode", mode}});
        INFO(mode << ": " << message);
        CHECK(error == settings_errc::invalid_value);
        CHECK(message.find("sslnegotiation=direct") != std::string::npos);
    }
    CHECK(resolve({{"sslnegotiation", "direct"}, {"sslmode", "verify-ca"}}).mode == SslMode::verify_ca);
}

TEST_CASE("tls settings invalid values", "[tls_settings]") {
    const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
        {"sslmode", "strict", "use disable, allow, prefer, require, verify-ca or verify-full"},
        {"sslnegotiation", "tls", "use postgres or direct"},
        {"channel_binding", "yes", "use disable, prefer or require"},
        {"sslsni", "true", "use 0 or 1"},
        {"sslcertmode", "maybe", "use disable, allow or require"},
        {"ssl_min_protocol_version", "SSLv3", "use TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3"},
        {"ssl_max_protocol_version", "TLSv2", "use TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3"},
    };
    for (const auto& [keyword, value, allowed] : cases) {
        const auto [error, message] = resolve_error({{keyword, value}});
        INFO(keyword << "=" << value << ": " << message);
        CHECK(error == settings_errc::invalid_value);
        CHECK(message.find(keyword + "=" + value) != std::string::npos);
        CHECK(message.find(allowed) != std::string::npos);
    }
}

TEST_CASE("tls settings message names variable", "[tls_settings]") {
    const auto [error, message] = resolve_error({{"sslmode", "strict"}});
    CHECK(message.find("PGSSLMODE") != std::string::npos);
}

TEST_CASE("tls settings version range", "[tls_settings]") {
    const auto [error, message] =
        resolve_error({{"ssl_min_protocol_version", "TLSv1.3"}, {"ssl_max_protocol_version", "TLSv1.2"}});
    CHECK(error == settings_errc::invalid_value);
    CHECK(message.find("invalid TLS protocol version range") != std::string::npos);
}

TEST_CASE("tls settings certmode require", "[tls_settings]") {
    CHECK(resolve({{"sslcertmode", "require"}}).certificate_mode == wiredump::io::ClientCertificateMode::require);
}

TEST_CASE("tls settings empty values are unset", "[tls_settings]") {
    const TlsSettings tls = resolve({{"sslmode", ""}, {"sslrootcert", ""}, {"sslsni", ""}});
    CHECK(tls.mode == SslMode::prefer);
    CHECK(tls.root_cert_file == "/home/u/.postgresql/root.crt");
    CHECK(tls.sni);
}
