#include "cli/archive_command_line.hpp"

#include "cli/command_line.hpp"

#include <optional>

namespace wiredump::cli {
namespace {

ParsedCommand usage_error(std::string message) {
    ParsedCommand parsed;
    parsed.action = CommandAction::usage_error;
    parsed.error_message = std::move(message);
    return parsed;
}

// Takes the value of "--name=VALUE" or of "--name VALUE" (the next argument).
bool take_value(const std::vector<std::string>& arguments, std::size_t& i, std::string_view name,
                std::string& value, std::optional<std::string>& error) {
    const std::string& argument = arguments[i];
    const std::string option = "--" + std::string(name);
    if (argument.starts_with(option + "=")) {
        value = argument.substr(option.size() + 1);
    } else if (argument == option) {
        if (i + 1 >= arguments.size()) {
            error = "option \"" + option + "\" requires a value";
            return true;
        }
        value = arguments[++i];
    } else {
        return false;
    }
    if (value.empty()) {
        error = "option \"" + option + "\" requires a non-empty value";
    }
    return true;
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
        } else if (is_verify && argument == "--no-manifest") {
            parsed.archive.no_manifest = true;
        } else if (std::optional<std::string> error;
                   is_verify && (take_value(arguments, i, "manifest", parsed.archive.manifest_path, error) ||
                                 take_value(arguments, i, "against", parsed.archive.against, error))) {
            if (error) {
                return usage_error(*error);
            }
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
    if (parsed.archive.no_manifest && (!parsed.archive.manifest_path.empty() || !parsed.archive.against.empty())) {
        return usage_error("option --no-manifest cannot be used with --manifest or --against");
    }
    if (paths[0] == "-" && !parsed.archive.against.empty() && parsed.archive.manifest_path.empty()) {
        return usage_error("--against needs a manifest; give it with --manifest when the archive is read "
                           "from standard input");
    }
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
           "count of every COPY row. It prints the rows of each table. Without --against it\n"
           "needs no server, and it never runs the archive's SQL, so it cannot tell whether\n"
           "the archive's statements restore without errors.\n"
           "\n"
           "Usage:\n"
           "  wiredump verify [OPTION]... FILE|-\n"
           "\n"
           "Options:\n"
           "  --json                print the result as one JSON object\n"
           "  --manifest=FILE       check the archive against this manifest (default:\n"
           "                        FILE.manifest.json beside the archive, when it exists)\n"
           "  --no-manifest         do not check a manifest\n"
           "  --against=CONNINFO    also compare every table (row count and hash) and large\n"
           "                        object (hash) of the manifest with the database CONNINFO\n"
           "                        names (a database name, a connection string or a URI),\n"
           "                        read in one REPEATABLE READ, READ ONLY transaction\n"
           "  -?, --help            show this help, then exit\n"
           "\n"
           "The manifest, written by \"wiredump dump\", records the XXH3-128 hash of the whole\n"
           "archive and the row count and hash of every table's data. Give - to read the\n"
           "archive from standard input. Exit status: 0 when every check passes, 1 when the\n"
           "archive is damaged, differs from its manifest or the database, or cannot be read,\n"
           "2 for a usage error.\n";
}

}  // namespace wiredump::cli
