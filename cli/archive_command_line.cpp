#include "cli/archive_command_line.hpp"

#include "cli/command_line.hpp"

namespace wiredump::cli {
namespace {

ParsedCommand usage_error(std::string message) {
    ParsedCommand parsed;
    parsed.action = CommandAction::usage_error;
    parsed.error_message = std::move(message);
    return parsed;
}

}  // namespace

ParsedCommand parse_archive_arguments(const std::vector<std::string>& arguments) {
    const bool is_verify = arguments.at(0) == "verify";
    ParsedCommand parsed;
    parsed.action = is_verify ? CommandAction::run_verify : CommandAction::run_list;

    bool options_ended = false;
    std::vector<std::string> paths;
    for (std::size_t i = 1; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        if (options_ended || argument == "-" || !argument.starts_with("-")) {
            paths.push_back(argument);
            continue;
        }
        if (argument == "--") {
            options_ended = true;
        } else if (argument == "--help" || argument == "-?") {
            parsed.action = is_verify ? CommandAction::show_verify_help : CommandAction::show_list_help;
            return parsed;
        } else if (is_verify && argument == "--json") {
            parsed.archive.json = true;
        } else {
            return usage_error("invalid option \"" + argument + "\" for \"wiredump " + arguments[0] + "\"");
        }
    }

    if (paths.empty()) {
        return usage_error("missing archive file name for \"wiredump " + arguments[0] +
                           "\"; give a file name, or - to read standard input");
    }
    if (paths.size() > 1) {
        return usage_error("too many command-line arguments (first is \"" + paths[1] + "\")");
    }
    parsed.archive.input_path = paths[0];
    return parsed;
}

std::string list_help_text() {
    return "wiredump list prints the table of contents of a custom-format archive,\n"
           "in the format of \"pg_restore -l\".\n"
           "\n"
           "Usage:\n"
           "  wiredump list FILE|-\n"
           "\n"
           "Options:\n"
           "  -?, --help show this help, then exit\n"
           "\n"
           "Give - to read the archive from standard input. Exit status: 0 when the table\n"
           "of contents was printed, 1 when the archive cannot be read, 2 for a usage error.\n";
}

std::string verify_help_text() {
    return "wiredump verify reads a whole custom-format archive and checks its structure:\n"
           "the table of contents, every data block and its compression, and the field\n"
           "count of every COPY row. It prints the rows of each table. It runs no SQL, so\n"
           "it cannot tell whether the archive's statements restore without errors.\n"
           "\n"
           "Usage:\n"
           "  wiredump verify [--json] FILE|-\n"
           "\n"
           "Options:\n"
           "  --json     print the result as one JSON object\n"
           "  -?, --help show this help, then exit\n"
           "\n"
           "Give - to read the archive from standard input. Exit status: 0 when every check\n"
           "passes, 1 when the archive is damaged or cannot be read, 2 for a usage error.\n";
}

}  // namespace wiredump::cli
