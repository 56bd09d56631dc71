#include "io/run_operation.hpp"

namespace wiredump::io {
namespace {

// Carries out the read and write actions of a sans-I/O operation until it
// is done.
template <typename Operation>
std::error_code run_actions(Transport& transport, Operation& operation) {
    protocol::NextAction action = operation.resume({}, 0);
    while (!action.is_done()) {
        std::error_code io_error;
        std::size_t count = 0;
        if (action.kind() == protocol::NextAction::Kind::read) {
            count = transport.read_some(action.read_space(), io_error);
        } else {
            transport.write_all(action.write_bytes(), io_error);
        }
        action = operation.resume(io_error, count);
    }
    return action.error();
}

}  // namespace

std::error_code run_operation(Transport& transport, protocol::MessageOperation& operation) {
    return run_actions(transport, operation);
}

std::error_code run_ssl_request(Transport& transport, protocol::SslRequestOperation& operation) {
    return run_actions(transport, operation);
}

}  // namespace wiredump::io
