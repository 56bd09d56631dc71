#pragma once

namespace wiredump::cli {

// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the partial
// archive file and then end the process with the same signal. The exit status
// stays the usual one (130 for Ctrl-C), and nothing is left beside the target.
// NOTE: the server is not sent a CancelRequest; the backend ends its COPY when
// it notices the closed connection.
void install_interrupt_handlers();

}  // namespace wiredump::cli
