#include "cli/app.hpp"

#include "cli/command_line.hpp"
#include "cli/interrupt_handling.hpp"
#include "cli/list_command.hpp"
#include "cli/output_name.hpp"
#include "cli/system_access.hpp"
#include "cli/verify_command.hpp"
#include "pipeline/dump.hpp"
#include "protocol/conninfo_mask.hpp"
#include "protocol/errc.hpp"
#include "io/open_transport.hpp"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <thread>

#include <unistd.h>

extern char** environ;

namespace wiredump::cli {
namespace {

constexpr std::string_view program_name = "wiredump";
constexpr std::string_view password_prompt = "Password: ";

void print_error(std::ostream& err, std::string_view message) {
    err << program_name << ": error: " << message << '\n';
}

void print_hint(std::ostream& err, std::string_view message) {
    err << program_name << ": hint: " << message << '\n';
}

int report_usage_error(std::ostream& err, std::string_view message, std::string_view command) {
    print_error(err, message);
    const bool known_command = command == "dump" || command == "list" || command == "verify";
    const std::string help_command = known_command ? "wiredump " + std::string(command) : "wiredump";
    print_hint(err, "Try \"" + help_command + " --help\" for more information.");
    return exit_usage;
}

// Prints the failure of a whole step: our own text first, then the server's
// error exactly as it sent it, each on its own lines.
void print_failure(std::ostream& err, std::error_code error, const protocol::Diagnostics& diagnostics) {
    const std::string& client_message = diagnostics.client_message();
    print_error(err, client_message.empty() ? error.message() : client_message);

    if (const auto& server_error = diagnostics.server_error()) {
        std::istringstream lines(protocol::format_server_error(*server_error));
        std::string line;
        while (std::getline(lines, line)) {
            err << line << '\n';
        }
    }
}

// A message that interrupts a terminal progress display starts on a clean line.
pipeline::LogSink make_log_sink(std::ostream& err, bool verbose, TerminalProgress* display) {
    return [&err, verbose, display](pipeline::LogLevel level, std::string_view text) {
        if (display != nullptr && (verbose || level == pipeline::LogLevel::warning)) {
            display->clear_line();
        }
        if (level == pipeline::LogLevel::warning) {
            err << program_name << ": warning: " << text << '\n';
        } else if (verbose) {
            err << program_name << ": " << text << '\n';
        }
    };
}

std::string describe_target(const io::ConnectParams& params) {
    std::string where = params.is_unix_socket() ? "socket directory \"" + params.host + "\""
                                                : "host \"" + params.host + "\"";
    // A dbname may be a whole connection string when it came from PGDATABASE.
    const std::string dbname = protocol::mask_connection_string_password(params.dbname);
    std::string text = "database \"" + dbname + "\" as user \"" + params.user + "\" on " + where + " port " +
                       std::to_string(params.port);
    if (params.host_list.size() > 1) {
        text += ", then " + std::to_string(params.host_list.size() - 1) + " more host";
        text += params.host_list.size() > 2 ? "s" : "";
    }
    return text;
}

// Hints for the failures a user can fix by changing how the password is given.
void print_password_hints(std::ostream& err, std::error_code error, const protocol::Diagnostics& diagnostics,
                          const ResolvedConnection& connection, const DumpCommandLine& command_line,
                          bool can_prompt) {
    if (error == protocol::errc::password_required) {
        if (command_line.no_password) {
            print_hint(err, "the server requires a password; remove -w to be prompted, or set PGPASSWORD "
                            "or add a line to the password file (~/.pgpass)");
        } else if (!can_prompt) {
            print_hint(err, "the server requires a password and there is no terminal to prompt on; set "
                            "PGPASSWORD or add a line to the password file (~/.pgpass)");
        }
        return;
    }
    // 28P01 is invalid_password, the SQLSTATE of a rejected password.
    const auto& server_error = diagnostics.server_error();
    const bool password_rejected = server_error && server_error->sqlstate == "28P01";
    if (connection.password_source == PasswordSource::password_file && password_rejected) {
        print_hint(err, "the password was read from the password file \"" + connection.password_file +
                            "\"; correct or remove the matching line");
    }
}

std::tm system_local_time() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    ::localtime_r(&now, &local);
    return local;
}

std::tm current_local_time(const CliContext& context) {
    return context.local_time ? context.local_time() : system_local_time();
}

// The warning for a password about to cross the network unencrypted.
std::string describe_exposed_password(std::string_view method, const io::ConnectParams& server) {
    const std::string payload = method == "md5" ? "an MD5 password hash, which an eavesdropper can attack offline,"
                                                : "the password in cleartext";
    return "sending " + payload + " to " + io::describe_server(server, "") +
           " over an unencrypted connection; set sslmode=require to encrypt it";
}

struct DumpAttempt {
    std::error_code error;
    ResolvedConnection connection;
    protocol::Diagnostics diagnostics;
};

DumpAttempt attempt_dump(const DumpCommandLine& command_line, const OutputTarget& output,
                         const std::optional<std::string>& prompted_password, CliContext& context,
                         const pipeline::LogSink& log, pipeline::ProgressObserver* progress) {
    DumpAttempt attempt;
    ConnectionRequest request{command_line,    prompted_password,      context.environment,
                              context.os_user, context.home_directory, context.read_service_file};
    attempt.error = resolve_connection(request, context.read_password_file, attempt.connection, attempt.diagnostics);
    if (attempt.error) {
        return attempt;
    }
    if (attempt.connection.params.user.empty()) {
        attempt.diagnostics.set_client_message(
            "could not determine the OS user name to connect as; give the user with -U or PGUSER");
        attempt.error = settings_errc::invalid_value;
        return attempt;
    }

    pipeline::DumpOptions options;
    options.connection = attempt.connection.params;
    options.output_path = output.path;
    options.existing_file = output.existing_file;
    options.manifest_path = command_line.manifest_path;
    options.progress = progress;
    options.compression = command_line.compression.compression;
    // -Z may come after --deflate and replaces the whole spec, so the engine
    // is kept apart until here.
    options.compression.deflate_engine = command_line.deflate_engine;
    const unsigned jobs = command_line.jobs.value_or(std::max(std::thread::hardware_concurrency(), 1u));
    options.compression.threads = std::max(command_line.compression.workers.value_or(jobs), 1u);
    // The command line was checked already, so this only fills in the default.
    if (auto error = dumpfmt::choose_written_version(options.compression.algorithm, command_line.archive_version,
                                                     options.archive_version, attempt.diagnostics)) {
        attempt.error = error;
        return attempt;
    }
    options.cancel_target_handler = context.set_cancel_target;
    options.stop_requested = context.interrupt_received;
    // One warning per dump is enough, even when several hosts of a list get the password.
    options.exposed_password_handler = [log, warned = false](std::string_view method,
                                                             const io::ConnectParams& server) mutable {
        if (warned) return;
        warned = true;
        log(pipeline::LogLevel::warning, describe_exposed_password(method, server));
    };
    options.session = command_line.session;
    options.session.reads_foreign_tables = !command_line.selection.foreign_servers.empty();
    options.selection = command_line.selection;
    options.content = command_line.content;

    log(pipeline::LogLevel::info, "connecting to " + describe_target(options.connection));
    attempt.error = context.run_dump(options, log, attempt.diagnostics);
    return attempt;
}

std::unique_ptr<pipeline::ProgressObserver> make_progress(ProgressMode mode, const CliContext& context) {
    switch (mode) {
    case ProgressMode::json:
        return std::make_unique<JsonProgress>(*context.err, context.clock);
    case ProgressMode::automatic:
        if (context.err_is_terminal) return std::make_unique<TerminalProgress>(*context.err, context.clock);
        return nullptr;
    case ProgressMode::none:
        return nullptr;
    }
    return nullptr;
}

int run_dump_command(const DumpCommandLine& command_line, CliContext& context) {
    std::ostream& err = *context.err;
    bool can_prompt = static_cast<bool>(context.prompt_password);
    const auto progress = make_progress(command_line.progress, context);
    auto* display = dynamic_cast<TerminalProgress*>(progress.get());
    const pipeline::LogSink log = make_log_sink(err, command_line.verbose, display);

    std::optional<std::string> prompted_password;
    if (command_line.force_password) {
        prompted_password = can_prompt ? context.prompt_password(password_prompt) : std::nullopt;
        if (!prompted_password) {
            print_error(err, "could not read a password: -W needs a terminal to prompt on");
            print_hint(err, "set PGPASSWORD or add a line to the password file (~/.pgpass) instead of using -W");
            return exit_failure;
        }
    }

    // Read once, so that a second attempt after a password prompt writes the
    // same file name.
    const OutputTarget output = resolve_output_target(command_line, current_local_time(context));
    DumpAttempt attempt = attempt_dump(command_line, output, prompted_password, context, log, progress.get());

    // As pg_dump does, prompt once when the server requests a password that
    // none of the sources supplied, unless -w forbids prompting.
    const bool interrupted = context.interrupt_received && context.interrupt_received();
    const bool retry = !interrupted && attempt.error == protocol::errc::password_required && !command_line.no_password &&
                       !prompted_password && !attempt.connection.params.password && can_prompt;
    if (retry) {
        prompted_password = context.prompt_password(password_prompt);
        if (prompted_password) {
            attempt = attempt_dump(command_line, output, prompted_password, context, log, progress.get());
        } else {
            can_prompt = false;
        }
    }

    if (!attempt.error) {
        return exit_success;
    }
    if (display != nullptr) display->clear_line();
    print_failure(err, attempt.error, attempt.diagnostics);
    print_password_hints(err, attempt.error, attempt.diagnostics, attempt.connection, command_line, can_prompt);
    // After a signal the process ends with that signal, as it would have
    // without the cancel, once the failure is printed.
    if (context.finish_if_interrupted) context.finish_if_interrupted();
    return exit_failure;
}

Environment read_process_environment() {
    Environment environment;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        const std::size_t equals = text.find('=');
        if (equals != std::string_view::npos) {
            environment.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
        }
    }
    return environment;
}

}  // namespace

int run_cli(const std::vector<std::string>& arguments, CliContext& context) {
    const ParsedCommand parsed = parse_command_line(arguments);

    switch (parsed.action) {
    case CommandAction::usage_error:
        return report_usage_error(*context.err, parsed.error_message, arguments.empty() ? "" : arguments[0]);
    case CommandAction::show_help:
        *context.out << top_level_help_text();
        return exit_success;
    case CommandAction::show_dump_help:
        *context.out << dump_help_text();
        return exit_success;
    case CommandAction::show_version:
        *context.out << program_name << ' ' << WIREDUMP_VERSION << '\n';
        return exit_success;
    case CommandAction::run_dump:
        return run_dump_command(parsed.dump, context);
    case CommandAction::show_list_help:
        *context.out << list_help_text();
        return exit_success;
    case CommandAction::run_list:
        return run_list_command(parsed.archive, context);
    case CommandAction::show_verify_help:
        *context.out << verify_help_text();
        return exit_success;
    case CommandAction::run_verify:
        return run_verify_command(parsed.archive, context);
    }
    return exit_failure;
}

int run_process(int argc, char** argv) {
    std::vector<std::string> arguments;
    for (int i = 1; i < argc; ++i) {
        arguments.emplace_back(argv[i]);
    }
    CliContext context = make_process_context();
    install_interrupt_handlers([](std::string_view message) {
        std::cerr << program_name << ": " << message << '\n';
    });
    return run_cli(arguments, context);
}

CliContext make_process_context() {
    CliContext context;
    context.environment = read_process_environment();
    context.os_user = current_os_user();
    auto home = context.environment.find("HOME");
    context.home_directory = current_home_directory(home == context.environment.end() ? "" : home->second);
    context.prompt_password = prompt_on_terminal;
    context.read_password_file = [](const std::string& path) {
        return read_password_file(path, [](std::string_view warning) {
            std::cerr << program_name << ": warning: " << warning << '\n';
        });
    };
    context.read_service_file = read_text_file;
    context.run_dump = pipeline::run_dump;
    context.set_cancel_target = set_cancel_target;
    context.interrupt_received = interrupt_received;
    context.finish_if_interrupted = finish_if_interrupted;
    context.in = &std::cin;
    context.out = &std::cout;
    context.err = &std::cerr;
    context.err_is_terminal = isatty(STDERR_FILENO) == 1;
    return context;
}

}  // namespace wiredump::cli
