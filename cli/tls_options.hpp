#pragma once

#include "io/tls_settings.hpp"
#include "protocol/diagnostics.hpp"

#include <map>
#include <string>
#include <system_error>

namespace wiredump::cli {

// Fills tls from the merged connection settings (keyword to value, after
// the connection string and the PG* variables), as libpq 17 reads them:
// sslmode, sslnegotiation, sslrootcert, sslcert, sslkey, sslpassword,
// sslcertmode, sslcrl, sslcrldir, sslsni, ssl_min_protocol_version,
// ssl_max_protocol_version and channel_binding. File settings that are
// unset get libpq's defaults under home_directory/.postgresql. An empty
// value counts as unset. Returns settings_errc::invalid_value with a message
// that names the keyword, the value and the allowed values.
std::error_code resolve_tls_settings(const std::map<std::string, std::string>& settings,
                                     const std::string& home_directory, io::TlsSettings& tls,
                                     protocol::Diagnostics& diagnostics);

}  // namespace wiredump::cli
