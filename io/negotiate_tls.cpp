#include "io/negotiate_tls.hpp"

#include "io/open_transport.hpp"
#include "io/run_operation.hpp"
#include "io/tls_errc.hpp"
#include "io/tls_setup.hpp"
#include "io/tls_transport.hpp"
#include "protocol/ssl_request_operation.hpp"

namespace wiredump::io {
namespace {

// Sends SSLRequest. Returns true when the server accepted TLS, false when it
// refused and the plain connection may go on.
bool request_tls(Transport& transport, const ConnectParams& params, protocol::Diagnostics& diagnostics,
                 std::error_code& error) {
    protocol::SslRequestOperation operation(diagnostics);
    error = run_ssl_request(transport, operation);
    if (error) return false;
    if (operation.response() == protocol::SslResponse::accepted) return true;

    if (requires_tls(params.tls.mode)) {
        error = tls_errc::ssl_not_supported;
        diagnostics.set_client_message("the server does not support TLS (it answered 'N' to SSLRequest), but "
                                       "sslmode requires it; turn on ssl in the server's postgresql.conf, or use "
                                       "sslmode=prefer to allow an unencrypted connection");
    }
    return false;
}

// Runs the TLS step on a connected transport. On failure returns null with
// error and a message in diagnostics.
std::unique_ptr<Transport> start_tls(std::unique_ptr<Transport> transport, const ConnectParams& params,
                                     TlsOutcome& outcome, protocol::Diagnostics& diagnostics, std::error_code& error) {
    transport->set_deadline(connect_deadline(params));
    if (params.tls.negotiation == SslNegotiation::postgres) {
        const bool accepted = request_tls(*transport, params, diagnostics, error);
        if (error) return nullptr;
        if (!accepted) {
            transport->set_deadline(std::nullopt);
            return transport;
        }
    }

    TlsClient client;
    if ((error = make_tls_client(params, client, diagnostics))) {
        outcome.tls_failed = true;
        return nullptr;
    }

    auto tls = std::make_unique<TlsTransport>(std::move(transport), std::move(client.ssl));
    std::string reason;
    if (const auto handshake_error = tls->handshake(reason)) {
        error = describe_handshake_failure(tls->ssl(), client, handshake_error, reason, diagnostics);
        if (error == tls_errc::handshake_failed && params.tls.negotiation == SslNegotiation::direct) {
            diagnostics.set_client_message(diagnostics.client_message() +
                                           "; sslnegotiation=direct needs PostgreSQL 17 or later, so use "
                                           "sslnegotiation=postgres for an older server");
        }
        outcome.tls_failed = true;
        return nullptr;
    }
    if ((error = check_tls_peer(params, tls->ssl(), diagnostics))) return nullptr;

    tls->set_deadline(std::nullopt);
    outcome.in_use = true;
    outcome.server_end_point = tls_server_end_point(tls->ssl());
    outcome.client_certificate_requested = tls->client_certificate_requested();
    outcome.client_certificate_sent = tls->client_certificate_sent();
    return tls;
}

}  // namespace

bool requires_tls(SslMode mode) {
    return mode == SslMode::require || mode == SslMode::verify_ca || mode == SslMode::verify_full;
}

std::unique_ptr<Transport> open_server_transport(asio::io_context& context, const ConnectParams& params, bool try_tls,
                                                 TlsOutcome& outcome, protocol::Diagnostics& diagnostics,
                                                 std::error_code& error) {
    outcome = TlsOutcome{};
    std::unique_ptr<Transport> transport = open_transport(context, params, diagnostics, error);
    if (!transport) return nullptr;

    const bool unix_socket = params.hostaddr.empty() && (params.is_unix_socket() || params.host.empty());
    if (!try_tls || unix_socket) return transport;

    transport = start_tls(std::move(transport), params, outcome, diagnostics, error);
    if (!transport) {
        // libpq's form: the server first, then what failed.
        diagnostics.set_client_message("connection to " + describe_server(params, "") +
                                       " failed: " + diagnostics.client_message());
    }
    return transport;
}

}  // namespace wiredump::io
