#include "protocol/ssl_request_operation.hpp"

#include "protocol/errc.hpp"
#include "protocol/frontend_message.hpp"

#include <string>

namespace wiredump::protocol {

SslRequestOperation::SslRequestOperation(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}

NextAction SslRequestOperation::finish(std::error_code error, std::string message) {
    state_ = State::done;
    if (error) {
        response_ = SslResponse::none;
        diagnostics_.set_client_message(std::move(message));
    }
    return NextAction::done(error);
}

NextAction SslRequestOperation::resume(std::error_code io_error, std::size_t bytes_transferred) {
    switch (state_) {
    case State::initial:
        append_ssl_request(request_);
        state_ = State::writing;
        return NextAction::write(request_);

    case State::writing:
        if (io_error) return finish(io_error, "could not send SSLRequest: " + io_error.message());
        state_ = State::reading;
        return NextAction::read(reply_);

    case State::reading:
        if (io_error) return finish(io_error, "could not receive the answer to SSLRequest: " + io_error.message());
        return handle_reply(bytes_transferred);

    case State::done:
        break;
    }
    return NextAction::done(errc::operation_out_of_order);
}

NextAction SslRequestOperation::handle_reply(std::size_t count) {
    if (count == 0) {
        return finish(errc::connection_closed,
                      "the server closed the connection after SSLRequest; it may not accept connections "
                      "from this host, or it may not be a PostgreSQL server");
    }

    const char reply = static_cast<char>(reply_[0]);
    if (reply == 'E') {
        return finish(errc::ssl_request_error_response,
                      "the server replied to SSLRequest with an error response instead of 'S' or 'N'; "
                      "a server older than PostgreSQL 7.0 or one that could not start a backend does this, "
                      "and its unencrypted error text is not shown because it cannot be trusted");
    }
    if (reply != 'S' && reply != 'N') {
        return finish(errc::invalid_ssl_response,
                      "the server replied to SSLRequest with byte " + std::to_string(reply_[0]) +
                          " instead of 'S' or 'N'; it may not be a PostgreSQL server");
    }
    if (count > 1) {
        return finish(errc::unencrypted_data_after_ssl_response,
                      "the server sent " + std::to_string(count - 1) + " unexpected bytes after its '" +
                          std::string(1, reply) +
                          "' answer to SSLRequest; something between client and server may be "
                          "injecting data, so the connection was stopped");
    }

    response_ = reply == 'S' ? SslResponse::accepted : SslResponse::refused;
    return finish({}, {});
}

}  // namespace wiredump::protocol
