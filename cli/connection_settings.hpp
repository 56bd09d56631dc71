#pragma once

#include "cli/command_line.hpp"
#include "cli/service_settings.hpp"
#include "io/connect_params.hpp"
#include "protocol/diagnostics.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <system_error>

namespace wiredump::cli {

// Failures while merging the connection settings. The text is in Diagnostics.
enum class settings_errc {
    invalid_value = 1,    // a setting with a value libpq would reject too
    unsupported_setting,  // a valid libpq setting that wiredump cannot honour yet
};

const std::error_category& settings_category();

inline std::error_code make_error_code(settings_errc value) {
    return {static_cast<int>(value), settings_category()};
}

// Environment variables by name; tests pass a fixed map instead of the
// process environment.
using Environment = std::map<std::string, std::string>;

// Returns the text of the password file at `path`, or nothing when the file
// is missing or must be ignored (for example because of its permissions).
using PasswordFileReader = std::function<std::optional<std::string>(const std::string& path)>;

// The unix socket directory of Debian's PostgreSQL packages, which libpq on
// Debian uses when no host is given.
inline constexpr std::string_view default_socket_directory = "/var/run/postgresql";

enum class PasswordSource { none, prompt, connection_string, environment, password_file };

struct ConnectionRequest {
    DumpCommandLine command_line;
    // The password typed at the -W prompt, or after the server asked for one.
    std::optional<std::string> prompted_password;
    Environment environment;
    // The OS user name, the default for the database user.
    std::string os_user;
    // The home directory that contains the default password file ".pgpass".
    // An empty value skips the default password file.
    std::string home_directory;
    // Reads connection service files; empty skips them.
    TextFileReader read_service_file;
};

struct ResolvedConnection {
    io::ConnectParams params;
    PasswordSource password_source = PasswordSource::none;
    // The password file that was consulted, for messages; empty if none.
    std::string password_file;
};

// Returns "keyword=value" followed by where it may have come from, such as
// " (from the connection string or PGSSLMODE)", for error messages.
std::string describe_setting(const std::string& keyword, const std::string& value);

// Merges the connection settings the way pg_dump and libpq 15 do:
//  1. -h, -p, -U and a -W password, in that order;
//  2. a connection string or URI given as DBNAME or -d, whose settings
//     override those of step 1 (as pg_dump passes the options before dbname
//     to PQconnectdbParams with expand_dbname), then the settings of the
//     connection service (service= or PGSERVICE) that are still unset;
//  3. for each setting still unset, its PG* environment variable, where a
//     variable that is set but empty still counts as set, as in libpq;
//  4. defaults: host /var/run/postgresql, port 5432, user = the OS user,
//     dbname = user, application_name "wiredump";
//  5. when no password is set or it is empty, the first matching line of
//     the password file (passfile, else PGPASSFILE, else ~/.pgpass).
// The TLS settings go into params.tls (see cli/tls_options.hpp). A host list
// ("host=a,b") fills params.host_list, with a password per host. Settings
// that need GSSAPI are rejected with
// settings_errc::unsupported_setting, so a request for a secure connection
// never silently falls back to plain text.
std::error_code resolve_connection(const ConnectionRequest& request, const PasswordFileReader& read_password_file,
                                   ResolvedConnection& resolved, protocol::Diagnostics& diagnostics);

}  // namespace wiredump::cli

template <>
struct std::is_error_code_enum<wiredump::cli::settings_errc> : std::true_type {};
