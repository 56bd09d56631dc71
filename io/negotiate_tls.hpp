#pragma once

#include "io/connect_params.hpp"
#include "io/transport.hpp"
#include "protocol/diagnostics.hpp"

#include <asio/io_context.hpp>

#include <cstdint>
#include <memory>
#include <system_error>
#include <vector>

namespace wiredump::io {

// The result of the TLS step of one connection attempt.
struct TlsOutcome {
    bool in_use = false;
    // The TLS set-up (files, settings) or handshake failed after the
    // server accepted TLS, so sslmode=prefer may try again without TLS, as
    // libpq does.
    bool tls_failed = false;
    // tls-server-end-point channel binding data; see tls_server_end_point().
    std::vector<std::uint8_t> server_end_point;
    // See TlsTransport::client_certificate_requested() and _sent().
    bool client_certificate_requested = false;
    bool client_certificate_sent = false;
};

// Opens a connection to the server of params and, when try_tls is set,
// starts TLS on it: with SSLRequest and the handshake after 'S'
// (sslnegotiation=postgres), or with the handshake at once and ALPN
// "postgresql" (sslnegotiation=direct). When the server replies 'N', the
// plain connection is returned for sslmode allow and prefer, and
// tls_errc::ssl_not_supported is returned for the stronger modes. A unix
// socket never uses TLS, as in libpq. The connect timeout covers the TLS
// step too.
std::unique_ptr<Transport> open_server_transport(asio::io_context& context, const ConnectParams& params, bool try_tls,
                                                 TlsOutcome& outcome, protocol::Diagnostics& diagnostics,
                                                 std::error_code& error);

// True when sslmode needs TLS, so that no plain connection may be used.
bool requires_tls(SslMode mode);

}  // namespace wiredump::io
