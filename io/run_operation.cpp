#include "io/run_operation.hpp"

namespace wiredump::io {

std::error_code run_operation(Transport& transport, protocol::MessageOperation& operation) {
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

}  // namespace wiredump::io
