#pragma once

#include "io/connect_params.hpp"
#include "protocol/diagnostics.hpp"

#include <map>
#include <string>
#include <system_error>

namespace wiredump::cli {

// Reads the settings that shape the connection beyond its address and login:
// keepalives, keepalives_idle, keepalives_interval, keepalives_count,
// tcp_user_timeout, target_session_attrs, load_balance_hosts,
// min_protocol_version and max_protocol_version, with libpq 18's values and
// defaults. max_protocol_version defaults to 3.0, as in libpq 18, because
// some connection poolers reject a request for 3.2 instead of negotiating.
// It defaults to 3.2 when min_protocol_version is 3.2. Fails with
// settings_errc::invalid_value on a value libpq rejects.
std::error_code fill_session_options(const std::map<std::string, std::string>& settings, io::ConnectParams& params,
                                     protocol::Diagnostics& diagnostics);

}  // namespace wiredump::cli
