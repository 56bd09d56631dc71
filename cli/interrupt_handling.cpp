#include "cli/interrupt_handling.hpp"

#include "pipeline/archive_output.hpp"

#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <mutex>
#include <optional>
#include <thread>

namespace wiredump::cli {
namespace {

// How long the dump gets to stop by itself after the CancelRequest.
constexpr std::chrono::seconds cancel_grace_period{10};
constexpr int cancel_timeout_seconds = 5;

struct WatcherState {
    std::mutex mutex;
    std::optional<io::CancelTarget> cancel_target;
    int terminal_descriptor = -1;
    termios terminal_settings{};
    InterruptMessageSink message_sink;
};

std::atomic<int> received_signal{0};

WatcherState& state() {
    static WatcherState watcher_state;
    return watcher_state;
}

sigset_t watched_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&signals, signal_number);
    return signals;
}

// Removes the partial archive and ends the process with the signal's default
// action, so the exit status shows the signal. Works from any thread.
[[noreturn]] void end_process(int signal_number) {
    pipeline::remove_partial_archive_file();

    std::signal(signal_number, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, signal_number);
    pthread_sigmask(SIG_UNBLOCK, &only, nullptr);
    std::raise(signal_number);
    // Reached only if the signal stays pending, for example when the parent
    // process blocked it; the status then follows the shell convention.
    std::_Exit(128 + signal_number);
}

void restore_terminal(WatcherState& watcher) {
    if (watcher.terminal_descriptor < 0) return;
    ::tcsetattr(watcher.terminal_descriptor, TCSAFLUSH, &watcher.terminal_settings);
    // Echo was off, so the cursor still sits after the prompt.
    [[maybe_unused]] const ssize_t written = ::write(watcher.terminal_descriptor, "\n", 1);
}

// Sends the CancelRequest and waits for the dump to stop by itself.
void cancel_dump(int signal_number, const io::CancelTarget& target, const sigset_t& signals) {
    WatcherState& watcher = state();
    if (watcher.message_sink) watcher.message_sink("interrupted, cancelling the running query on the server");

    protocol::Diagnostics diagnostics;
    if (io::send_cancel_request(target, cancel_timeout_seconds, diagnostics)) {
        if (watcher.message_sink) watcher.message_sink("warning: " + diagnostics.client_message());
        end_process(signal_number);
    }

    // A second signal ends the process at once; otherwise the dump has the
    // grace period to fail with the server's error and call
    // finish_if_interrupted().
    const timespec timeout{static_cast<time_t>(cancel_grace_period.count()), 0};
    const int second = sigtimedwait(&signals, nullptr, &timeout);
    end_process(second > 0 ? second : signal_number);
}

void watch_signals(sigset_t signals) {
    for (;;) {
        int signal_number = 0;
        if (sigwait(&signals, &signal_number) != 0) continue;
        received_signal.store(signal_number);

        std::optional<io::CancelTarget> target;
        {
            WatcherState& watcher = state();
            std::lock_guard lock(watcher.mutex);
            restore_terminal(watcher);
            target = watcher.cancel_target;
        }
        if (target && signal_number != SIGHUP) cancel_dump(signal_number, *target, signals);
        end_process(signal_number);
    }
}

}  // namespace

void install_interrupt_handlers(InterruptMessageSink message_sink) {
    state().message_sink = std::move(message_sink);
    const sigset_t signals = watched_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::thread(watch_signals, signals).detach();
}

void set_cancel_target(const io::CancelTarget* target) {
    WatcherState& watcher = state();
    std::lock_guard lock(watcher.mutex);
    if (target) {
        watcher.cancel_target = *target;
    } else {
        watcher.cancel_target.reset();
    }
}

bool interrupt_received() { return received_signal.load() != 0; }

void finish_if_interrupted() {
    const int signal_number = received_signal.load();
    if (signal_number != 0) end_process(signal_number);
}

void set_terminal_to_restore(int descriptor, const termios& saved) {
    WatcherState& watcher = state();
    std::lock_guard lock(watcher.mutex);
    watcher.terminal_descriptor = descriptor;
    watcher.terminal_settings = saved;
}

}  // namespace wiredump::cli
