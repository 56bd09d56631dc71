#include "cli/interrupt_handling.hpp"

#include "pipeline/archive_output.hpp"

#include <csignal>

namespace wiredump::cli {
namespace {

extern "C" void handle_interrupt(int signal_number) {
    pipeline::remove_partial_archive_file();

    // SA_RESETHAND restored the default action, so raising the signal again
    // ends the process the way the signal would have.
    std::raise(signal_number);
}

}  // namespace

void install_interrupt_handlers() {
    struct sigaction action {};
    action.sa_handler = handle_interrupt;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
        sigaction(signal_number, &action, nullptr);
    }
}

}  // namespace wiredump::cli
