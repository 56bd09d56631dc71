#pragma once

#include "io/transport.hpp"
#include "protocol/message_operation.hpp"
#include "protocol/ssl_request_operation.hpp"

#include <system_error>

namespace wiredump::io {

// Runs one protocol operation to completion over transport: the only code
// that performs I/O for the sans-I/O state machines. Returns the operation's
// error. Afterwards operation.connection_usable() returns whether another
// operation may follow.
std::error_code run_operation(Transport& transport, protocol::MessageOperation& operation);

// Runs the SSLRequest exchange over transport and returns its error.
std::error_code run_ssl_request(Transport& transport, protocol::SslRequestOperation& operation);

}  // namespace wiredump::io
