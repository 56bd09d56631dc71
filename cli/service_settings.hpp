#pragma once

#include "protocol/diagnostics.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace wiredump::cli {

// Returns the text of a file, or nothing when it does not exist.
using TextFileReader = std::function<std::optional<std::string>(const std::string& path)>;

// The directory of the system-wide pg_service.conf when PGSYSCONFDIR is not
// set: the sysconfdir of Debian's libpq.
inline constexpr std::string_view default_system_config_directory = "/etc/postgresql-common";

// Fills the settings that are still unset from the connection service named
// by the "service" setting, else by PGSERVICE, as libpq 15 does. The service
// is looked up in PGSERVICEFILE (else home_directory/.pg_service.conf), and
// only when it is not found there in PGSYSCONFDIR/pg_service.conf. Does
// nothing when no service is named. Fails with settings_errc::invalid_value
// when the service is not found or a file has a syntax error.
std::error_code apply_service(std::map<std::string, std::string>& settings,
                              const std::map<std::string, std::string>& environment,
                              const std::string& home_directory, const TextFileReader& read_file,
                              protocol::Diagnostics& diagnostics);

}  // namespace wiredump::cli
