#pragma once

#include "io/cancel_request.hpp"

#include <termios.h>

#include <functional>
#include <string_view>

namespace wiredump::cli {

// Receives a line for standard error (without the "wiredump: " prefix).
using InterruptMessageSink = std::function<void(std::string_view)>;

// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread, so in every thread
// started after it, and starts a watcher thread that waits for them with
// sigwait(). Call it before any other thread starts. The watcher runs
// ordinary code, outside any signal handler. On a signal it:
//  - restores the terminal when the password prompt has echo switched off;
//  - on SIGINT or SIGTERM while a dump session is registered, sends the
//    server a CancelRequest and gives the dump up to 10 seconds to fail with
//    "canceling statement due to user request" and clean up by itself;
//  - otherwise, or after those 10 seconds, or on a second signal, removes the
//    partial archive file and ends the process with the same signal, so the
//    exit status stays the usual one (130 for Ctrl-C).
void install_interrupt_handlers(InterruptMessageSink message_sink);

// Registers the session the watcher cancels; nullptr withdraws it.
void set_cancel_target(const io::CancelTarget* target);

// True once SIGINT, SIGTERM or SIGHUP arrived.
bool interrupt_received();

// Ends the process with the signal that arrived, after removing the partial
// archive file, when one arrived; returns otherwise. The dump calls it once
// it has stopped.
void finish_if_interrupted();

// Registers the terminal whose settings the watcher restores before it ends
// the process; descriptor -1 withdraws it.
void set_terminal_to_restore(int descriptor, const termios& saved);

}  // namespace wiredump::cli
