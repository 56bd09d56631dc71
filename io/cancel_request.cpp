#include "io/cancel_request.hpp"

#include "io/open_transport.hpp"
#include "protocol/frontend_message.hpp"

#include <asio/io_context.hpp>

#include <array>
#include <chrono>

namespace wiredump::io {

std::error_code send_cancel_request(const CancelTarget& target, int timeout_seconds,
                                    protocol::Diagnostics& diagnostics) {
    ConnectParams server = target.server;
    server.host_list.clear();
    server.connect_timeout_seconds = timeout_seconds;

    asio::io_context context;
    std::error_code error;
    const std::unique_ptr<Transport> transport = open_transport(context, server, diagnostics, error);
    if (!transport) return error;

    std::vector<std::uint8_t> request;
    protocol::append_cancel_request(request, target.process_id, target.secret_key);
    transport->set_deadline(std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds));
    transport->write_all(request, error);
    if (error) {
        diagnostics.set_client_message("could not send the cancel request to " + describe_server(server, "") + ": " +
                                       error.message());
        return error;
    }

    // The server closes the connection once it has read the request. Waiting
    // for that keeps the process alive until the request has arrived.
    std::array<std::uint8_t, 64> ignored;
    while (transport->read_some(ignored, error) > 0 && !error) {
    }
    transport->close();
    return {};
}

}  // namespace wiredump::io
