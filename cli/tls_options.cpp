#include "cli/tls_options.hpp"

#include "cli/connection_settings.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <utility>

namespace wiredump::cli {
namespace {

using Settings = std::map<std::string, std::string>;

std::string value_of(const Settings& settings, const std::string& keyword) {
    const auto found = settings.find(keyword);
    return found == settings.end() ? std::string() : found->second;
}

std::error_code fail(protocol::Diagnostics& diagnostics, settings_errc code, std::string message) {
    diagnostics.set_client_message(std::move(message));
    return code;
}

// Looks value up in a table of (name, meaning) pairs. On no match, fails with
// a message that lists the names.
template <typename Value, std::size_t Size>
std::error_code parse_choice(const Settings& settings, const std::string& keyword,
                             const std::array<std::pair<std::string_view, Value>, Size>& choices, Value& out,
                             protocol::Diagnostics& diagnostics) {
    const std::string value = value_of(settings, keyword);
    if (value.empty()) return {};

    for (const auto& [name, meaning] : choices) {
        if (value == name) {
            out = meaning;
            return {};
        }
    }
    std::string allowed;
    for (std::size_t i = 0; i < Size; ++i) {
        allowed += (i == 0 ? "" : (i + 1 == Size ? " or " : ", ")) + std::string(choices[i].first);
    }
    return fail(diagnostics, settings_errc::invalid_value,
                "invalid value in connection setting " + describe_setting(keyword, value) + "; use " + allowed);
}

constexpr std::array<std::pair<std::string_view, io::SslMode>, 6> ssl_modes = {{
    {"disable", io::SslMode::disable},
    {"allow", io::SslMode::allow},
    {"prefer", io::SslMode::prefer},
    {"require", io::SslMode::require},
    {"verify-ca", io::SslMode::verify_ca},
    {"verify-full", io::SslMode::verify_full},
}};

constexpr std::array<std::pair<std::string_view, io::SslNegotiation>, 2> negotiations = {{
    {"postgres", io::SslNegotiation::postgres},
    {"direct", io::SslNegotiation::direct},
}};

constexpr std::array<std::pair<std::string_view, protocol::ChannelBinding>, 3> channel_bindings = {{
    {"disable", protocol::ChannelBinding::disable},
    {"prefer", protocol::ChannelBinding::prefer},
    {"require", protocol::ChannelBinding::require},
}};

constexpr std::array<std::pair<std::string_view, bool>, 2> sni_choices = {{{"0", false}, {"1", true}}};

constexpr std::array<std::pair<std::string_view, io::ClientCertificateMode>, 3> certificate_modes = {{
    {"disable", io::ClientCertificateMode::disable},
    {"allow", io::ClientCertificateMode::allow},
    {"require", io::ClientCertificateMode::require},
}};

constexpr std::array<std::pair<std::string_view, io::TlsVersion>, 4> tls_versions = {{
    {"TLSv1", io::TlsVersion::tls1_0},
    {"TLSv1.1", io::TlsVersion::tls1_1},
    {"TLSv1.2", io::TlsVersion::tls1_2},
    {"TLSv1.3", io::TlsVersion::tls1_3},
}};

// libpq compares protocol version names without regard to case.
std::optional<io::TlsVersion> find_tls_version(const std::string& value) {
    for (const auto& [name, version] : tls_versions) {
        const bool same = name.size() == value.size() &&
                          std::equal(name.begin(), name.end(), value.begin(), [](char a, char b) {
                              return std::tolower(static_cast<unsigned char>(a)) ==
                                     std::tolower(static_cast<unsigned char>(b));
                          });
        if (same) return version;
    }
    return std::nullopt;
}

std::error_code parse_tls_versions(const Settings& settings, io::TlsSettings& tls,
                                   protocol::Diagnostics& diagnostics) {
    for (const char* keyword : {"ssl_min_protocol_version", "ssl_max_protocol_version"}) {
        const std::string value = value_of(settings, keyword);
        if (value.empty()) continue;

        const std::optional<io::TlsVersion> version = find_tls_version(value);
        if (!version) {
            return fail(diagnostics, settings_errc::invalid_value,
                        "invalid value in connection setting " + describe_setting(keyword, value) +
                            "; use TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3");
        }
        if (std::string_view(keyword) == "ssl_min_protocol_version") {
            tls.min_version = *version;
        } else {
            tls.max_version = *version;
        }
    }

    if (tls.max_version && *tls.max_version < tls.min_version) {
        return fail(diagnostics, settings_errc::invalid_value,
                    "invalid TLS protocol version range: ssl_min_protocol_version=" +
                        value_of(settings, "ssl_min_protocol_version") + " is above ssl_max_protocol_version=" +
                        value_of(settings, "ssl_max_protocol_version") + "; raise the maximum or lower the minimum");
    }
    return {};
}

// The file names, with libpq's defaults under ~/.postgresql.
void fill_files(const Settings& settings, const std::string& home_directory, io::TlsSettings& tls) {
    const std::string directory = home_directory.empty() ? std::string() : home_directory + "/.postgresql/";
    const auto file_or_default = [&](const char* keyword, const char* default_name, bool* named) {
        const std::string value = value_of(settings, keyword);
        if (named != nullptr) *named = !value.empty();
        if (!value.empty()) return value;
        return directory.empty() ? std::string() : directory + default_name;
    };

    tls.root_cert_file = file_or_default("sslrootcert", "root.crt", nullptr);
    tls.cert_file = file_or_default("sslcert", "postgresql.crt", &tls.cert_file_named);
    tls.key_file = file_or_default("sslkey", "postgresql.key", &tls.key_file_named);

    tls.crl_file = value_of(settings, "sslcrl");
    tls.crl_dir = value_of(settings, "sslcrldir");
    tls.crl_named = !tls.crl_file.empty() || !tls.crl_dir.empty();
    if (!tls.crl_named && !directory.empty()) tls.crl_file = directory + "root.crl";

    if (settings.contains("sslpassword")) tls.key_password = value_of(settings, "sslpassword");
}

// The combinations libpq 17 rejects because they would weaken the check the
// user asked for.
std::error_code check_combinations(const Settings& settings, const io::TlsSettings& tls,
                                   protocol::Diagnostics& diagnostics) {
    const std::string mode = value_of(settings, "sslmode");
    const bool strong_mode = tls.mode == io::SslMode::require || tls.mode == io::SslMode::verify_ca ||
                             tls.mode == io::SslMode::verify_full;

    if (tls.uses_system_roots() && tls.mode != io::SslMode::verify_full) {
        return fail(diagnostics, settings_errc::invalid_value,
                    "weak sslmode \"" + mode + "\" may not be used with sslrootcert=system, because any "
                    "certificate the system trusts for another host name would pass; use sslmode=verify-full");
    }
    if (tls.negotiation == io::SslNegotiation::direct && !strong_mode) {
        return fail(diagnostics, settings_errc::invalid_value,
                    "weak sslmode \"" + (mode.empty() ? std::string("prefer") : mode) +
                        "\" may not be used with sslnegotiation=direct, because a direct TLS connection "
                        "cannot fall back to plain text; use sslmode require, verify-ca or verify-full");
    }
    return {};
}

}  // namespace

std::error_code resolve_tls_settings(const Settings& settings, const std::string& home_directory,
                                     io::TlsSettings& tls, protocol::Diagnostics& diagnostics) {
    tls = io::TlsSettings{};

    if (auto error = parse_choice(settings, "sslmode", ssl_modes, tls.mode, diagnostics)) return error;
    if (auto error = parse_choice(settings, "sslnegotiation", negotiations, tls.negotiation, diagnostics)) return error;
    if (auto error = parse_choice(settings, "channel_binding", channel_bindings, tls.channel_binding, diagnostics)) {
        return error;
    }
    if (auto error = parse_choice(settings, "sslsni", sni_choices, tls.sni, diagnostics)) return error;
    if (auto error = parse_choice(settings, "sslcertmode", certificate_modes, tls.certificate_mode, diagnostics)) {
        return error;
    }
    if (auto error = parse_tls_versions(settings, tls, diagnostics)) return error;

    fill_files(settings, home_directory, tls);

    // libpq 16 and later: sslrootcert=system makes verify-full the default.
    if (tls.uses_system_roots() && value_of(settings, "sslmode").empty()) tls.mode = io::SslMode::verify_full;
    return check_combinations(settings, tls, diagnostics);
}

}  // namespace wiredump::cli
