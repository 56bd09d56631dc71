#pragma once

#include "io/connect_params.hpp"
#include "io/transport.hpp"
#include "protocol/diagnostics.hpp"

#include <asio/io_context.hpp>

#include <memory>
#include <string>
#include <system_error>

namespace wiredump::io {

// Opens the socket that params describe: the unix socket
// "<host>/.s.PGSQL.<port>" when host is a directory, otherwise TCP to hostaddr
// or to each address that host resolves to (IPv4 and IPv6), in the resolver's
// order, until one accepts. On failure returns null, sets error to the first
// failure and writes a message naming every address tried into diagnostics.
// Each address gets its own connect_deadline(params), as in libpq.
//
// NOTE: the host name lookup itself has no timeout.
std::unique_ptr<Transport> open_transport(asio::io_context& context, const ConnectParams& params,
                                          protocol::Diagnostics& diagnostics, std::error_code& error);

// Returns the deadline for one connection step that starts now, from
// params.connect_timeout_seconds: none for 0 or less, and at least 2 seconds
// otherwise, as libpq documents for connect_timeout (PostgreSQL 16).
Deadline connect_deadline(const ConnectParams& params);

// Returns the server as libpq names it in messages: `server on socket
// "/run/postgresql/.s.PGSQL.5432"` or `server at "db.example" (10.0.0.5), port 5432`.
// address may be empty when it is not known or equals the host.
std::string describe_server(const ConnectParams& params, const std::string& address);

// Returns the unix socket path for params: "<host>/.s.PGSQL.<port>".
std::string unix_socket_path(const ConnectParams& params);

}  // namespace wiredump::io
