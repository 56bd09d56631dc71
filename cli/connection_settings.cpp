#include "cli/connection_settings.hpp"

#include "cli/host_list.hpp"
#include "cli/service_settings.hpp"
#include "cli/session_options.hpp"
#include "cli/tls_options.hpp"

#include "protocol/conninfo.hpp"
#include "protocol/pgpass.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <utility>
#include <vector>

namespace wiredump::cli {
namespace {

class SettingsCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "wiredump.settings"; }

    std::string message(int value) const override {
        switch (static_cast<settings_errc>(value)) {
        case settings_errc::invalid_value:
            return "invalid connection setting";
        case settings_errc::unsupported_setting:
            return "connection setting not supported by wiredump";
        }
        return "unknown connection settings error";
    }
};

// The environment variable of each keyword that has one: libpq 15.20's list
// from PQconndefaults(), plus the variables of the seven later keywords.
constexpr std::array<std::pair<std::string_view, std::string_view>, 35> environment_variables = {{
    {"service", "PGSERVICE"},
    {"user", "PGUSER"},
    {"password", "PGPASSWORD"},
    {"passfile", "PGPASSFILE"},
    {"channel_binding", "PGCHANNELBINDING"},
    {"connect_timeout", "PGCONNECT_TIMEOUT"},
    {"dbname", "PGDATABASE"},
    {"host", "PGHOST"},
    {"hostaddr", "PGHOSTADDR"},
    {"port", "PGPORT"},
    {"client_encoding", "PGCLIENTENCODING"},
    {"options", "PGOPTIONS"},
    {"application_name", "PGAPPNAME"},
    {"sslmode", "PGSSLMODE"},
    {"sslnegotiation", "PGSSLNEGOTIATION"},
    {"sslcompression", "PGSSLCOMPRESSION"},
    {"sslcert", "PGSSLCERT"},
    {"sslkey", "PGSSLKEY"},
    {"sslcertmode", "PGSSLCERTMODE"},
    {"sslrootcert", "PGSSLROOTCERT"},
    {"sslcrl", "PGSSLCRL"},
    {"sslcrldir", "PGSSLCRLDIR"},
    {"sslsni", "PGSSLSNI"},
    {"requirepeer", "PGREQUIREPEER"},
    {"require_auth", "PGREQUIREAUTH"},
    {"ssl_min_protocol_version", "PGSSLMINPROTOCOLVERSION"},
    {"ssl_max_protocol_version", "PGSSLMAXPROTOCOLVERSION"},
    {"gssencmode", "PGGSSENCMODE"},
    {"krbsrvname", "PGKRBSRVNAME"},
    {"gsslib", "PGGSSLIB"},
    {"gssdelegation", "PGGSSDELEGATION"},
    {"target_session_attrs", "PGTARGETSESSIONATTRS"},
    {"load_balance_hosts", "PGLOADBALANCEHOSTS"},
    {"min_protocol_version", "PGMINPROTOCOLVERSION"},
    {"max_protocol_version", "PGMAXPROTOCOLVERSION"},
}};

// Setting values by keyword. A missing entry is libpq's NULL (unset); an
// empty string is set but empty, which blocks the environment fallback.
using Settings = std::map<std::string, std::string>;

std::string setting(const Settings& settings, const std::string& keyword) {
    auto found = settings.find(keyword);
    return found == settings.end() ? std::string() : found->second;
}

std::error_code fail(protocol::Diagnostics& diagnostics, settings_errc code, std::string message) {
    diagnostics.set_client_message(std::move(message));
    return code;
}

// Steps 1 and 2: the command-line values in pg_dump's order, with the first
// dbname expanded when it is a connection string. Empty values are skipped,
// as PQconnectdbParams skips them.
std::error_code apply_command_line(const ConnectionRequest& request, Settings& settings, bool& password_from_string,
                                   protocol::Diagnostics& diagnostics) {
    const DumpCommandLine& line = request.command_line;
    const std::array<std::pair<std::string, std::optional<std::string>>, 4> leading = {{
        {"host", line.host},
        {"port", line.port},
        {"user", line.user},
        {"password", request.prompted_password},
    }};
    for (const auto& [keyword, value] : leading) {
        if (value && !value->empty()) {
            settings[keyword] = *value;
        }
    }

    if (!line.dbname || line.dbname->empty()) {
        return {};
    }
    if (!protocol::is_connection_string(*line.dbname)) {
        settings["dbname"] = *line.dbname;
        return {};
    }

    std::vector<protocol::ConninfoOption> options;
    if (auto error = protocol::parse_connection_string(*line.dbname, options, diagnostics)) {
        diagnostics.set_client_message("invalid connection string in the database name: " +
                                       diagnostics.client_message());
        return error;
    }
    for (auto& option : options) {
        if (option.keyword == "password") {
            password_from_string = true;
        }
        settings[option.keyword] = std::move(option.value);
    }
    return {};
}

// Step 3: the PG* environment variables for settings that are still unset.
void apply_environment(const Environment& environment, Settings& settings, bool& password_from_environment) {
    for (const auto& [keyword, variable] : environment_variables) {
        const std::string key(keyword);
        if (settings.contains(key)) {
            continue;
        }
        auto found = environment.find(std::string(variable));
        if (found == environment.end()) {
            continue;
        }
        settings[key] = found->second;
        if (key == "password") {
            password_from_environment = true;
        }
    }
}

// Parses an integer setting the way libpq's parse_int_param does: optional
// surrounding whitespace, nothing else after the digits, no overflow.
std::optional<int> parse_integer(const std::string& text) {
    const char* begin = text.c_str();
    char* end = nullptr;
    errno = 0;
    const long number = std::strtol(begin, &end, 10);
    if (end == begin || errno != 0 || number < INT_MIN || number > INT_MAX) {
        return std::nullopt;
    }
    while (*end != '\0' && std::isspace(static_cast<unsigned char>(*end))) {
        ++end;
    }
    if (*end != '\0') {
        return std::nullopt;
    }
    return static_cast<int>(number);
}

struct AllowedValues {
    std::string_view keyword;
    std::vector<std::string_view> honoured;     // values wiredump can act on
    std::vector<std::string_view> unsupported;  // valid in libpq, not here yet
    std::string_view reason;
};

bool contains(const std::vector<std::string_view>& values, std::string_view value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

// Rejects settings whose effect wiredump cannot provide. Each would
// otherwise weaken what the user asked for, such as TLS or a server check.
std::error_code check_unsupported(const Settings& settings, protocol::Diagnostics& diagnostics) {
    const std::vector<AllowedValues> checks = {
        {"gssencmode", {"disable", "prefer"}, {"require"}, "wiredump does not support GSSAPI encryption"},
    };

    for (const AllowedValues& check : checks) {
        auto found = settings.find(std::string(check.keyword));
        if (found == settings.end() || found->second.empty()) {
            continue;
        }
        const std::string& value = found->second;
        if (contains(check.honoured, value)) {
            continue;
        }
        if (contains(check.unsupported, value)) {
            return fail(diagnostics, settings_errc::unsupported_setting,
                        "connection setting " + describe_setting(found->first, value) +
                            " is not supported: " + std::string(check.reason));
        }
        return fail(diagnostics, settings_errc::invalid_value,
                    "invalid value in connection setting " + describe_setting(found->first, value) +
                        "; see the libpq documentation for the allowed values");
    }

    const std::array<std::pair<std::string_view, std::string_view>, 3> rejected_when_set = {{
        {"requirepeer", "wiredump does not check the server's OS user on a unix socket"},
        {"require_auth", "wiredump does not restrict the authentication method yet"},
        {"replication", "a dump needs a normal connection, not a replication connection"},
    }};
    for (const auto& [keyword, reason] : rejected_when_set) {
        auto found = settings.find(std::string(keyword));
        if (found != settings.end() && !found->second.empty()) {
            return fail(diagnostics, settings_errc::unsupported_setting,
                        "connection setting " + describe_setting(found->first, found->second) +
                            " is not supported: " + std::string(reason));
        }
    }
    return {};
}

std::error_code fill_address(const Settings& settings, io::ConnectParams& params, protocol::Diagnostics& diagnostics) {
    std::vector<io::HostTarget> hosts;
    if (auto error = expand_host_list(setting(settings, "host"), setting(settings, "hostaddr"), setting(settings, "port"),
                                      default_socket_directory, hosts, diagnostics)) {
        return error;
    }
    params.host = hosts.front().host;
    params.hostaddr = hosts.front().hostaddr;
    params.port = hosts.front().port;
    if (hosts.size() > 1) params.host_list = std::move(hosts);

    const std::string timeout = setting(settings, "connect_timeout");
    if (!timeout.empty()) {
        const std::optional<int> seconds = parse_integer(timeout);
        if (!seconds) {
            return fail(diagnostics, settings_errc::invalid_value,
                        "invalid connect_timeout \"" + timeout + "\": use a whole number of seconds");
        }
        // libpq waits without limit for 0 or less and raises 1 to 2 seconds.
        params.connect_timeout_seconds = *seconds <= 0 ? 0 : std::max(*seconds, 2);
    }
    return {};
}

void fill_session(const Settings& settings, const std::string& os_user, io::ConnectParams& params) {
    params.user = setting(settings, "user");
    if (params.user.empty()) {
        params.user = os_user;
    }
    params.dbname = setting(settings, "dbname");
    if (params.dbname.empty()) {
        params.dbname = params.user;
    }

    const std::string application_name = setting(settings, "application_name");
    params.application_name = application_name.empty() ? std::string("wiredump") : application_name;

    const std::string options = setting(settings, "options");
    if (!options.empty()) {
        params.startup_parameters["options"] = options;
    }
    // NOTE: "auto" makes libpq derive the encoding from the locale. Here it
    // is left to the server default, so the dump uses the database encoding.
    const std::string client_encoding = setting(settings, "client_encoding");
    if (!client_encoding.empty() && client_encoding != "auto") {
        params.startup_parameters["client_encoding"] = client_encoding;
    }
}

// Step 5: the password file, consulted only when no password is set. Each
// host of a host list gets its own lookup, as in libpq.
void fill_password(const Settings& settings, const ConnectionRequest& request,
                   const PasswordFileReader& read_password_file, ResolvedConnection& resolved) {
    io::ConnectParams& params = resolved.params;
    const std::string password = setting(settings, "password");
    if (!password.empty()) {
        params.password = password;
        for (io::HostTarget& target : params.host_list) target.password = password;
        return;
    }
    resolved.password_source = PasswordSource::none;

    std::string path = setting(settings, "passfile");
    if (path.empty() && !request.home_directory.empty()) {
        path = request.home_directory + "/.pgpass";
    }
    if (path.empty() || !read_password_file) {
        return;
    }

    const std::optional<std::string> text = read_password_file(path);
    if (!text) {
        return;
    }
    resolved.password_file = path;

    const auto find_password = [&](const std::string& host, unsigned short port) {
        const protocol::PgpassLookup lookup{host, std::to_string(port), params.dbname, params.user};
        return protocol::find_pgpass_password(*text, lookup, default_socket_directory);
    };
    for (io::HostTarget& target : params.host_list) target.password = find_password(target.host, target.port);
    params.password = find_password(params.host, params.port);
    if (params.password) resolved.password_source = PasswordSource::password_file;
}

}  // namespace

std::string describe_setting(const std::string& keyword, const std::string& value) {
    std::string text = keyword + "=" + value;
    for (const auto& [name, variable] : environment_variables) {
        if (name == keyword) {
            text += " (from the connection string or " + std::string(variable) + ")";
        }
    }
    return text;
}

const std::error_category& settings_category() {
    static const SettingsCategory category;
    return category;
}

std::error_code resolve_connection(const ConnectionRequest& request, const PasswordFileReader& read_password_file,
                                   ResolvedConnection& resolved, protocol::Diagnostics& diagnostics) {
    resolved = ResolvedConnection{};
    Settings settings;

    bool password_from_string = false;
    if (auto error = apply_command_line(request, settings, password_from_string, diagnostics)) {
        return error;
    }

    if (auto error = apply_service(settings, request.environment, request.home_directory, request.read_service_file,
                                   diagnostics)) {
        return error;
    }

    bool password_from_environment = false;
    apply_environment(request.environment, settings, password_from_environment);

    if (auto error = check_unsupported(settings, diagnostics)) {
        return error;
    }
    if (auto error = fill_address(settings, resolved.params, diagnostics)) {
        return error;
    }
    if (auto error = fill_session_options(settings, resolved.params, diagnostics)) {
        return error;
    }
    fill_session(settings, request.os_user, resolved.params);
    if (auto error = resolve_tls_settings(settings, request.home_directory, resolved.params.tls, diagnostics)) {
        return error;
    }

    if (!setting(settings, "password").empty()) {
        if (password_from_string) {
            resolved.password_source = PasswordSource::connection_string;
        } else if (password_from_environment) {
            resolved.password_source = PasswordSource::environment;
        } else {
            resolved.password_source = PasswordSource::prompt;
        }
    }
    fill_password(settings, request, read_password_file, resolved);
    return {};
}

}  // namespace wiredump::cli
