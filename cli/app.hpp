#pragma once

#include "cli/connection_settings.hpp"
#include "cli/progress_display.hpp"
#include "pipeline/dump_options.hpp"
#include "protocol/diagnostics.hpp"

#include <ctime>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace wiredump::cli {

// Exit statuses of the wiredump program.
inline constexpr int exit_success = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;

using DumpRunner = std::function<std::error_code(const pipeline::DumpOptions&, const pipeline::LogSink&,
                                                 protocol::Diagnostics&)>;

// Prompts for a password; returns nothing when there is no terminal.
using PasswordPrompt = std::function<std::optional<std::string>(std::string_view prompt)>;

// Everything the command line touches outside its own memory, so tests can
// replace the environment, the terminal, the password file and the dump.
struct CliContext {
    Environment environment;
    std::string os_user;
    std::string home_directory;
    // Empty when no terminal is available.
    PasswordPrompt prompt_password;
    PasswordFileReader read_password_file;
    // Reads connection service files (pg_service.conf); empty skips them.
    TextFileReader read_service_file;
    DumpRunner run_dump;
    // The local time that names an archive written with --output-dir. Empty
    // means the system clock.
    std::function<std::tm()> local_time;
    // The signal watcher's calls (cli/interrupt_handling.hpp); each may be empty.
    std::function<void(const io::CancelTarget*)> set_cancel_target;
    std::function<bool()> interrupt_received;
    std::function<void()> finish_if_interrupted;
    std::istream* in = nullptr;  // the archive for "list -" and "verify -"
    std::ostream* out = nullptr;
    std::ostream* err = nullptr;
    // Whether a progress display may redraw a line on err.
    bool err_is_terminal = false;
    Clock clock = [] { return std::chrono::steady_clock::now(); };
};

// Runs "wiredump <arguments>" (without the program name) and returns the
// exit status: 0 on success, 1 on failure, 2 on a usage error. Output goes
// to context.out, messages to context.err; a password is never printed.
int run_cli(const std::vector<std::string>& arguments, CliContext& context);

// A context for the real process: the process environment, /dev/tty, the
// password file on disk, pipeline::run_dump, std::cin, std::cout and std::cerr.
CliContext make_process_context();

// The whole program: run_cli with the process context and argv[1..].
int run_process(int argc, char** argv);

}  // namespace wiredump::cli
