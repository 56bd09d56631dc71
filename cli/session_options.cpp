#include "cli/session_options.hpp"

#include "cli/connection_settings.hpp"

#include <cerrno>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <optional>

namespace wiredump::cli {
namespace {

std::error_code fail(protocol::Diagnostics& diagnostics, std::string message) {
    diagnostics.set_client_message(std::move(message));
    return settings_errc::invalid_value;
}

std::string setting(const std::map<std::string, std::string>& settings, const std::string& keyword) {
    const auto found = settings.find(keyword);
    return found == settings.end() ? std::string() : found->second;
}

// Parses an integer setting the way libpq's parse_int_param does: optional
// surrounding whitespace, nothing else after the digits, no overflow. An
// unset or empty setting gives fallback.
std::error_code read_integer(const std::map<std::string, std::string>& settings, const std::string& keyword,
                             int fallback, int& value, protocol::Diagnostics& diagnostics) {
    const std::string text = setting(settings, keyword);
    value = fallback;
    if (text.empty()) return {};

    const char* begin = text.c_str();
    char* end = nullptr;
    errno = 0;
    const long number = std::strtol(begin, &end, 10);
    while (*end != '\0' && std::isspace(static_cast<unsigned char>(*end))) ++end;
    if (end == begin || *end != '\0' || errno != 0 || number < INT_MIN || number > INT_MAX) {
        return fail(diagnostics, "invalid integer value \"" + text + "\" for connection option \"" + keyword +
                                     "\"; use a whole number");
    }
    value = static_cast<int>(number);
    return {};
}

std::optional<std::int32_t> parse_protocol_version(const std::string& text) {
    if (text == "3.0") return protocol::protocol_version_3_0;
    if (text == "3.2" || text == "latest") return protocol::protocol_version_3_2;
    return std::nullopt;
}

std::error_code fill_protocol_versions(const std::map<std::string, std::string>& settings, io::ConnectParams& params,
                                       protocol::Diagnostics& diagnostics) {
    const std::string min_text = setting(settings, "min_protocol_version");
    const std::string max_text = setting(settings, "max_protocol_version");
    const auto min_version = min_text.empty() ? protocol::protocol_version_3_0 : parse_protocol_version(min_text);
    if (!min_version) {
        return fail(diagnostics, "invalid min_protocol_version value: \"" + min_text + "\"; use 3.0, 3.2 or latest");
    }
    const std::int32_t default_max = *min_version > protocol::protocol_version_3_0 ? protocol::protocol_version_3_2
                                                                                   : protocol::protocol_version_3_0;
    const auto max_version = max_text.empty() ? default_max : parse_protocol_version(max_text);
    if (!max_version) {
        return fail(diagnostics, "invalid max_protocol_version value: \"" + max_text + "\"; use 3.0, 3.2 or latest");
    }
    if (*min_version > *max_version) {
        return fail(diagnostics, "min_protocol_version " + min_text + " is greater than max_protocol_version " +
                                     max_text + "; lower min_protocol_version or raise max_protocol_version");
    }
    params.min_protocol_version = *min_version;
    params.max_protocol_version = *max_version;
    return {};
}

std::error_code fill_tcp_options(const std::map<std::string, std::string>& settings, io::TcpOptions& tcp,
                                 protocol::Diagnostics& diagnostics) {
    int keepalives = 1;
    if (auto error = read_integer(settings, "keepalives", 1, keepalives, diagnostics)) return error;
    tcp.keepalives = keepalives != 0;

    // libpq treats negative times and counts as 0, the system default.
    struct Field {
        const char* keyword;
        int* value;
    };
    const Field fields[] = {
        {"keepalives_idle", &tcp.keepalives_idle_seconds},
        {"keepalives_interval", &tcp.keepalives_interval_seconds},
        {"keepalives_count", &tcp.keepalives_count},
        {"tcp_user_timeout", &tcp.user_timeout_milliseconds},
    };
    for (const Field& field : fields) {
        if (auto error = read_integer(settings, field.keyword, 0, *field.value, diagnostics)) return error;
        if (*field.value < 0) *field.value = 0;
    }
    return {};
}

}  // namespace

std::error_code fill_session_options(const std::map<std::string, std::string>& settings, io::ConnectParams& params,
                                     protocol::Diagnostics& diagnostics) {
    if (auto error = fill_tcp_options(settings, params.tcp, diagnostics)) return error;

    const std::string target = setting(settings, "target_session_attrs");
    if (!target.empty()) {
        const auto parsed = protocol::parse_target_session_attrs(target);
        if (!parsed) {
            return fail(diagnostics, "invalid target_session_attrs value: \"" + target +
                                         "\"; use any, read-write, read-only, primary, standby or prefer-standby");
        }
        params.target_session_attrs = *parsed;
    }

    const std::string balance = setting(settings, "load_balance_hosts");
    if (!balance.empty() && balance != "disable" && balance != "random") {
        return fail(diagnostics, "invalid load_balance_hosts value: \"" + balance + "\"; use disable or random");
    }
    params.random_host_order = balance == "random";

    return fill_protocol_versions(settings, params, diagnostics);
}

}  // namespace wiredump::cli
