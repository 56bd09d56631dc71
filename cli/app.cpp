#include "cli/app.hpp"

#include "cli/command_line.hpp"
#include "cli/interrupt_handling.hpp"
#include "cli/list_command.hpp"
#include "cli/system_access.hpp"
#include "cli/verify_command.hpp"
#include "pipeline/dump.hpp"
#include "protocol/errc.hpp"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <thread>

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
    const std::string help_command = command == "list" || command == "verify" ? std::string(command) : "dump";
    print_hint(err, "Try \"wiredump " + help_command + " --help\" for more information.");
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

pipeline::LogSink make_log_sink(std::ostream& err, bool verbose) {
    return [&err, verbose](pipeline::LogLevel level, std::string_view text) {
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
    return "database \"" + params.dbname + "\" as user \"" + params.user + "\" on " + where + " port " +
           std::to_string(params.port);
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

struct DumpAttempt {
    std::error_code error;
    ResolvedConnection connection;
    protocol::Diagnostics diagnostics;
};

DumpAttempt attempt_dump(const DumpCommandLine& command_line, const std::optional<std::string>& prompted_password,
                         CliContext& context, const pipeline::LogSink& log) {
    DumpAttempt attempt;
    ConnectionRequest request{command_line, prompted_password, context.environment, context.os_user,
                              context.home_directory};
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
    options.output_path = command_line.output_path;
    options.compression_level = command_line.compression_level;
    options.compression_threads = command_line.jobs.value_or(std::max(std::thread::hardware_concurrency(), 1u));
    options.session = command_line.session;
    options.session.reads_foreign_tables = !command_line.selection.foreign_servers.empty();
    options.selection = command_line.selection;
    options.content = command_line.content;

    log(pipeline::LogLevel::info, "connecting to " + describe_target(options.connection));
    attempt.error = context.run_dump(options, log, attempt.diagnostics);
    return attempt;
}

int run_dump_command(const DumpCommandLine& command_line, CliContext& context) {
    std::ostream& err = *context.err;
    bool can_prompt = static_cast<bool>(context.prompt_password);
    const pipeline::LogSink log = make_log_sink(err, command_line.verbose);

    std::optional<std::string> prompted_password;
    if (command_line.force_password) {
        prompted_password = can_prompt ? context.prompt_password(password_prompt) : std::nullopt;
        if (!prompted_password) {
            print_error(err, "could not read a password: -W needs a terminal to prompt on");
            print_hint(err, "set PGPASSWORD or add a line to the password file (~/.pgpass) instead of using -W");
            return exit_failure;
        }
    }

    DumpAttempt attempt = attempt_dump(command_line, prompted_password, context, log);

    // As pg_dump does, prompt once when the server requests a password that
    // none of the sources supplied, unless -w forbids prompting.
    const bool retry = attempt.error == protocol::errc::password_required && !command_line.no_password &&
                       !prompted_password && !attempt.connection.params.password && can_prompt;
    if (retry) {
        prompted_password = context.prompt_password(password_prompt);
        if (prompted_password) {
            attempt = attempt_dump(command_line, prompted_password, context, log);
        } else {
            can_prompt = false;
        }
    }

    if (!attempt.error) {
        return exit_success;
    }
    print_failure(err, attempt.error, attempt.diagnostics);
    print_password_hints(err, attempt.error, attempt.diagnostics, attempt.connection, command_line, can_prompt);
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
    install_interrupt_handlers();
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
    context.run_dump = pipeline::run_dump;
    context.in = &std::cin;
    context.out = &std::cout;
    context.err = &std::cerr;
    return context;
}

}  // namespace wiredump::cli
