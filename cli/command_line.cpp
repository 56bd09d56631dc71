#include "cli/command_line.hpp"

#include "cli/content_options.hpp"
#include "cli/output_name.hpp"

#include <getopt.h>

#include <algorithm>
#include <cctype>

namespace wiredump::cli {
namespace {

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

ParsedCommand usage_error(std::string message) {
    ParsedCommand parsed;
    parsed.action = CommandAction::usage_error;
    parsed.error_message = std::move(message);
    return parsed;
}

// Accepts pg_dump's spellings of the custom format and names the others.
std::optional<std::string> check_format(const std::string& value) {
    const std::string format = lowercase(value);
    if (format == "c" || format == "custom") {
        return std::nullopt;
    }
    if (format == "p" || format == "plain" || format == "d" || format == "directory" || format == "t" ||
        format == "tar") {
        return "archive format \"" + value +
               "\" is not supported: only the custom format (-F c) is supported for now";
    }
    return "invalid archive format \"" + value + "\": the only supported format is c (custom)";
}

std::optional<std::string> parse_compression(const std::string& value, dumpfmt::CompressionSpec& spec) {
    protocol::Diagnostics diagnostics;
    if (dumpfmt::parse_compression_spec(value, spec, diagnostics)) {
        return diagnostics.client_message();
    }
    return std::nullopt;
}

std::optional<std::string> parse_archive_version(const std::string& value,
                                                 std::optional<dumpfmt::ArchiveVersion>& version) {
    protocol::Diagnostics diagnostics;
    dumpfmt::ArchiveVersion parsed;
    if (dumpfmt::parse_written_version(value, parsed, diagnostics)) {
        return diagnostics.client_message();
    }
    version = parsed;
    return std::nullopt;
}

std::optional<std::string> parse_progress(const std::string& value, ProgressMode& mode) {
    if (value == "auto") {
        mode = ProgressMode::automatic;
    } else if (value == "json") {
        mode = ProgressMode::json;
    } else if (value == "none") {
        mode = ProgressMode::none;
    } else {
        return "invalid progress display \"" + value + "\": use auto, json or none";
    }
    return std::nullopt;
}

std::optional<std::string> parse_deflate_engine(const std::string& value, dumpfmt::DeflateEngine& engine) {
    if (value == "zlib") {
        engine = dumpfmt::DeflateEngine::zlib;
    } else if (value == "libdeflate") {
        engine = dumpfmt::DeflateEngine::libdeflate;
    } else {
        return "invalid deflate engine \"" + value + "\": use zlib or libdeflate";
    }
    return std::nullopt;
}

// getopt_long's values for the long options that have no short letter.
// The output-name options have theirs in cli/output_name.hpp.
constexpr int help_option = 1;
constexpr int archive_version_option = 2;
constexpr int manifest_option = 3;
constexpr int progress_option = 300;
constexpr int deflate_option = 301;

// The upper limit keeps a typing error from starting thousands of threads.
constexpr unsigned max_jobs = 256;

std::optional<std::string> parse_jobs(const std::string& value, std::optional<unsigned>& jobs) {
    unsigned parsed = 0;
    const bool digits_only = !value.empty() && value.size() <= 3 &&
                             std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); });
    if (digits_only) {
        parsed = static_cast<unsigned>(std::stoul(value));
    }
    if (parsed < 1 || parsed > max_jobs) {
        return "invalid number of jobs \"" + value + "\": use an integer from 1 to " + std::to_string(max_jobs);
    }
    jobs = parsed;
    return std::nullopt;
}


const option connection_long_options[] = {
    {"host", required_argument, nullptr, 'h'},
    {"port", required_argument, nullptr, 'p'},
    {"username", required_argument, nullptr, 'U'},
    {"dbname", required_argument, nullptr, 'd'},
    {"file", required_argument, nullptr, 'f'},
    {"output-dir", required_argument, nullptr, option_output_dir},
    {"filename", required_argument, nullptr, option_filename},
    {"force", no_argument, nullptr, option_force},
    {"format", required_argument, nullptr, 'F'},
    {"compress", required_argument, nullptr, 'Z'},
    {"jobs", required_argument, nullptr, 'j'},
    {"deflate", required_argument, nullptr, deflate_option},
    {"archive-version", required_argument, nullptr, archive_version_option},
    {"no-password", no_argument, nullptr, 'w'},
    {"password", no_argument, nullptr, 'W'},
    {"verbose", no_argument, nullptr, 'v'},
    {"version", no_argument, nullptr, 'V'},
    {"help", no_argument, nullptr, help_option},
    {"progress", required_argument, nullptr, progress_option},
    {"manifest", required_argument, nullptr, manifest_option},
};

// Every long option of "wiredump dump", ending with getopt_long's zero entry.
const std::vector<option>& long_options() {
    static const std::vector<option> options = [] {
        std::vector<option> all(std::begin(connection_long_options), std::end(connection_long_options));
        for (const option& entry : content_long_options()) all.push_back(entry);
        all.push_back({nullptr, 0, nullptr, 0});
        return all;
    }();
    return options;
}

// Names the option getopt_long rejected as the user spelled it. getopt sets
// optopt to 0 for an unknown long option, and to the option's short letter
// for a long option that lacks its value.
std::string describe_rejected_option(const std::vector<char*>& argv, int rejected_index) {
    const std::string argument = rejected_index > 0 ? argv[static_cast<std::size_t>(rejected_index)] : "";
    const std::string long_name = argument.starts_with("--") ? argument.substr(0, argument.find('=')) : "";
    if (optopt == 0) {
        return long_name;
    }
    for (const option* entry = long_options().data(); entry->name != nullptr; ++entry) {
        if (entry->val == optopt && long_name == std::string("--") + entry->name) {
            return long_name;
        }
    }
    return std::string("-") + static_cast<char>(optopt);
}

// Returns what to do instead of a pg_dump option that wiredump leaves out on
// purpose, for a user who swaps wiredump in for pg_dump. Returns "" for any other option.
std::string unsupported_pg_dump_option(const std::string& name) {
    static const std::pair<std::string_view, std::string_view> known[] = {
        {"--inserts", "table data is always COPY data in the custom format; drop the option"},
        {"--column-inserts", "table data is always COPY data in the custom format; drop the option"},
        {"--attribute-inserts", "table data is always COPY data in the custom format; drop the option"},
        {"--rows-per-insert", "table data is always COPY data in the custom format; drop the option"},
        {"--on-conflict-do-nothing", "table data is always COPY data in the custom format; drop the option"},
        {"--disable-dollar-quoting", "function bodies are always dollar-quoted, as pg_dump does by default"},
        {"--binary-upgrade", "it is for pg_upgrade only"},
        {"--no-sync", "the archive is always synced to disk before it gets its final name"},
        {"-S", "give the superuser to pg_restore instead (pg_restore -S NAME --disable-triggers)"},
        {"--superuser", "give the superuser to pg_restore instead (pg_restore -S NAME --disable-triggers)"},
    };
    for (const auto& [option, advice] : known) {
        if (name == option) return std::string(advice);
    }
    return {};
}

// Applies one option returned by getopt_long; returns a message on error.
std::optional<std::string> apply_option(int option_char, const char* argument, ParsedCommand& parsed) {
    DumpCommandLine& dump = parsed.dump;
    switch (option_char) {
    case 'h':
        dump.host = argument;
        return std::nullopt;
    case 'p':
        dump.port = argument;
        return std::nullopt;
    case 'U':
        dump.user = argument;
        return std::nullopt;
    case 'd':
        dump.dbname = argument;
        return std::nullopt;
    case 'f':
        dump.output_path = argument;
        return std::nullopt;
    case option_output_dir:
    case option_filename:
    case option_force:
        apply_output_option(option_char, argument, dump);
        return std::nullopt;
    case 'F':
        return check_format(argument);
    case 'Z':
        return parse_compression(argument, dump.compression);
    case archive_version_option:
        return parse_archive_version(argument, dump.archive_version);
    case 'j':
        return parse_jobs(argument, dump.jobs);
    case deflate_option:
        return parse_deflate_engine(argument, dump.deflate_engine);
    case 'w':
        dump.no_password = true;
        return std::nullopt;
    case 'W':
        dump.force_password = true;
        return std::nullopt;
    case 'v':
        dump.verbose = true;
        return std::nullopt;
    case 'V':
        parsed.action = CommandAction::show_version;
        return std::nullopt;
    case help_option:
        parsed.action = CommandAction::show_dump_help;
        return std::nullopt;
    case progress_option:
        return parse_progress(argument, dump.progress);
    case manifest_option:
        dump.manifest_path = argument;
        return std::nullopt;
    default:
        if (auto message = apply_content_option(option_char, argument, dump)) {
            if (message->empty()) return std::nullopt;
            return message;
        }
        return "internal error: unhandled option";
    }
}

ParsedCommand parse_dump_arguments(const std::vector<std::string>& arguments) {
    // getopt_long permutes argv in place, so it gets private copies.
    std::vector<std::string> storage;
    storage.reserve(arguments.size());
    storage.push_back("wiredump dump");
    storage.insert(storage.end(), arguments.begin() + 1, arguments.end());
    std::vector<char*> argv;
    for (std::string& argument : storage) {
        argv.push_back(argument.data());
    }
    argv.push_back(nullptr);

    ParsedCommand parsed;
    parsed.action = CommandAction::run_dump;

    // optind = 0 makes glibc reinitialise its scanner, so repeated calls in
    // one process (the unit tests) each start from a clean state.
    optind = 0;
    opterr = 0;
    const int argc = static_cast<int>(storage.size());
    const std::string short_options = std::string(":h:p:U:d:f:F:Z:j:wWvV") + content_short_options;
    for (;;) {
        const int option_char = getopt_long(argc, argv.data(), short_options.c_str(), long_options().data(), nullptr);
        if (option_char == -1) {
            break;
        }
        if (option_char == '?') {
            if (optopt == '?') {
                parsed.action = CommandAction::show_dump_help;
                continue;
            }
            const std::string rejected = describe_rejected_option(argv, optind - 1);
            if (const std::string advice = unsupported_pg_dump_option(rejected); !advice.empty()) {
                return usage_error("pg_dump's option \"" + rejected + "\" is not supported by wiredump: " + advice);
            }
            return usage_error("invalid option \"" + rejected + "\"");
        }
        if (option_char == ':') {
            return usage_error("option \"" + describe_rejected_option(argv, optind - 1) + "\" requires a value");
        }
        if (auto message = apply_option(option_char, optarg, parsed)) {
            return usage_error(*message);
        }
    }

    if (parsed.action != CommandAction::run_dump) {
        return parsed;
    }

    // As in pg_dump, the DBNAME argument is taken only when -d was not given.
    // getopt_long has moved the arguments that are not options to the end
    // of argv, so they are read from argv rather than from storage.
    int next = optind;
    if (next < argc && !parsed.dump.dbname) {
        parsed.dump.dbname = argv[static_cast<std::size_t>(next)];
        ++next;
    }
    if (next < argc) {
        return usage_error("too many command-line arguments (first is \"" +
                           std::string(argv[static_cast<std::size_t>(next)]) + "\")");
    }
    if (parsed.dump.no_password && parsed.dump.force_password) {
        return usage_error("options -w/--no-password and -W/--password cannot be used together");
    }
    if (auto message = check_output_options(parsed.dump)) {
        return usage_error(*message);
    }
    protocol::Diagnostics diagnostics;
    dumpfmt::ArchiveVersion version;
    if (dumpfmt::choose_written_version(parsed.dump.compression.compression.algorithm, parsed.dump.archive_version,
                                        version, diagnostics)) {
        return usage_error(diagnostics.client_message());
    }
    if (auto message = check_content_options(parsed.dump)) return usage_error(*message);
    return parsed;
}

}  // namespace

ParsedCommand parse_command_line(const std::vector<std::string>& arguments) {
    if (arguments.empty()) {
        return usage_error("no command given");
    }

    const std::string& command = arguments[0];
    if (command == "--help" || command == "-?") {
        ParsedCommand parsed;
        parsed.action = CommandAction::show_help;
        return parsed;
    }
    if (command == "--version" || command == "-V") {
        ParsedCommand parsed;
        parsed.action = CommandAction::show_version;
        return parsed;
    }
    if (command == "help") {
        ParsedCommand parsed;
        if (arguments.size() == 1) {
            parsed.action = CommandAction::show_help;
        } else if (arguments.size() == 2 && arguments[1] == "dump") {
            parsed.action = CommandAction::show_dump_help;
        } else if (arguments.size() == 2 && arguments[1] == "list") {
            parsed.action = CommandAction::show_list_help;
        } else if (arguments.size() == 2 && arguments[1] == "verify") {
            parsed.action = CommandAction::show_verify_help;
        } else {
            return usage_error("no help is available for \"" + arguments[1] +
                               "\"; the commands are \"dump\", \"list\" and \"verify\"");
        }
        return parsed;
    }
    if (command == "dump") {
        return parse_dump_arguments(arguments);
    }
    if (command == "list" || command == "verify") {
        return parse_archive_arguments(arguments);
    }
    if (!command.empty() && command.front() == '-') {
        return usage_error("invalid option \"" + command + "\" before the command");
    }
    return usage_error("unknown command \"" + command + "\"; the commands are \"dump\", \"list\" and \"verify\"");
}

std::vector<std::string> dump_long_option_names() {
    std::vector<std::string> names;
    for (const option* entry = long_options().data(); entry->name != nullptr; ++entry) {
        names.emplace_back(entry->name);
    }
    return names;
}

std::string top_level_help_text() {
    return "wiredump backs up a PostgreSQL database into a pg_dump custom-format archive.\n"
           "\n"
           "Usage:\n"
           "  wiredump dump [OPTION]... [DBNAME]\n"
           "  wiredump list FILE|-\n"
           "  wiredump verify [--json] [--manifest=FILE] [--against=CONNINFO] FILE|-\n"
           "  wiredump help [dump|list|verify]\n"
           "\n"
           "Commands:\n"
           "  dump     write a database as an archive that pg_restore restores\n"
           "  list     print an archive's table of contents, as \"pg_restore -l\" does\n"
           "  verify   read and check every block of an archive, without a server\n"
           "  help     show the help of a command\n"
           "\n"
           "Options:\n"
           "  -V, --version  output version information, then exit\n"
           "  -?, --help     show this help, then exit\n"
           "\n"
           "Run \"wiredump COMMAND --help\" for the options of a command.\n"
           "Exit status: 0 on success, 1 on a failure, 2 for a usage error.\n";
}

std::string dump_help_text() {
    return "wiredump dump writes a database as a custom-format archive that pg_restore reads.\n"
           "\n"
           "Usage:\n"
           "  wiredump dump [OPTION]... [DBNAME]\n"
           "\n"
           "General options:\n"
           "  -f, --file=FILENAME      output file name (default: standard output); an existing\n"
           "                           file is replaced, as pg_dump does\n"
           "      --output-dir=DIR     write the archive into directory DIR, named after the\n"
           "                           local time the dump starts: YYYYMMDD-HHMM.dump\n"
           "      --filename=NAME      name the archive file NAME, in DIR or else in the\n"
           "                           current directory\n"
           "      --force              let --output-dir and --filename replace an existing file\n"
           "  -F, --format=c|custom    output file format; only the custom format is supported\n"
           "  -Z, --compress=METHOD[:DETAIL]\n"
           "                           compress table data as pg_dump 16 does: 0-9 (a gzip\n"
           "                           level, 0 = none), none, gzip[:LEVEL] (1-9, default 6),\n"
           "                           lz4[:LEVEL] (0-12, default 0), zstd[:LEVEL] (default 3),\n"
           "                           zstd:level=N,long for long-distance matching,\n"
           "                           zstd:workers=N for N threads instead of -j\n"
           "                           (default: gzip level 9)\n"
           "  --archive-version=1.14|1.15|1.16\n"
           "                           archive format version to write (default: 1.14, which\n"
           "                           pg_restore 12 and later read; 1.15 for lz4 and zstd,\n"
           "                           which need pg_restore 16 or later; 1.16: 17 or later)\n"
           "  -j, --jobs=NUM           threads that compress the table data with gzip or zstd\n"
           "                           (default: the number of CPUs; 1 compresses on the\n"
           "                           dump's only thread)\n"
           "  --deflate=zlib|libdeflate\n"
           "                           library that writes gzip data (default: zlib);\n"
           "                           libdeflate is faster, -Z6 gives about -Z9's size;\n"
           "                           no effect without gzip compression\n"
           "  -v, --verbose            log each step to standard error\n"
           "  --progress=auto|json|none\n"
           "                           show tables, bytes, rows, rate and time left on\n"
           "                           standard error: auto on a terminal only (default),\n"
           "                           json as one object per line, none never\n"
           "  --manifest=FILENAME      write the manifest (row counts and XXH3-128 hashes) here\n"
           "                           (default: FILENAME.manifest.json beside the -f file;\n"
           "                           none for standard output)\n"
           "  -V, --version            output version information, then exit\n"
           "  -?, --help               show this help, then exit\n" +
           content_options_help_text() +
           "\n"
           "Connection options:\n"
           "  -d, --dbname=DBNAME      database to dump; may also be a connection string\n"
           "                           (\"host=... dbname=...\") or a postgresql:// URI\n"
           "  -h, --host=HOSTNAME      database server host or unix socket directory\n"
           "                           (default: PGHOST, else /var/run/postgresql)\n"
           "  -p, --port=PORT          database server port (default: PGPORT, else 5432)\n"
           "  -U, --username=NAME      connect as this database user (default: PGUSER, else the OS user)\n"
           "  -w, --no-password        never prompt for a password\n"
           "  -W, --password           prompt for a password before connecting\n"
           "\n"
           "If no database name is given, PGDATABASE is used, else the user name.\n"
           "Settings inside a connection string override -h, -p and -U, as in pg_dump.\n"
           "Passwords come from the connection string, PGPASSWORD, the password file\n"
           "(PGPASSFILE or ~/.pgpass), or a prompt on the terminal.\n"
           "\n"
           "Exit status: 0 when the archive is complete, 1 on a failure, 2 for a usage error.\n";
}

}  // namespace wiredump::cli
