#include "pipeline/dump.hpp"

namespace wiredump::pipeline {

// NOTE: placeholder until the dump pipeline lands; it lets cli/ link.
std::error_code run_dump(const DumpOptions&, const LogSink&, protocol::Diagnostics& diagnostics) {
    diagnostics.set_client_message("the dump pipeline is not implemented yet");
    return std::make_error_code(std::errc::function_not_supported);
}

}  // namespace wiredump::pipeline
