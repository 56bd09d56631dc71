#pragma once

#include "io/connect_params.hpp"

#include <string>
#include <system_error>

namespace wiredump::io {

// Applies keepalive and user-timeout settings to a connected TCP socket, by
// its file descriptor, as libpq does after connecting. Keepalive is on by
// default so that a long COPY through a proxy or NAT that drops idle flows is
// noticed instead of hanging. On failure returns the error of setsockopt(2)
// and sets failed_option to the setting's libpq keyword.
std::error_code apply_tcp_options(int descriptor, const TcpOptions& options, std::string& failed_option);

}  // namespace wiredump::io
