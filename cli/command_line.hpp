#pragma once

#include "cli/archive_command_line.hpp"
#include "dumpfmt/compression_spec.hpp"
#include "pipeline/dump_options.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wiredump::cli {

// The progress display that "--progress" selects.
enum class ProgressMode {
    automatic,  // a display when standard error is a terminal, else nothing
    json,       // one JSON object per line on standard error
    none,
};

// The options of "wiredump dump" as given, before any environment variable
// or default is applied. An option that was not given stays empty.
struct DumpCommandLine {
    std::optional<std::string> host;
    std::optional<std::string> port;
    std::optional<std::string> user;
    // From -d/--dbname or the DBNAME argument: a database name, a
    // "keyword=value" connection string or a connection URI.
    std::optional<std::string> dbname;
    std::string output_path;
    // --output-dir, --filename and --force: see cli/output_name.hpp.
    std::optional<std::string> output_directory;
    std::optional<std::string> output_file_name;
    bool force = false;
    // -Z/--compress; without it, gzip at level 9.
    dumpfmt::CompressionSpec compression{dumpfmt::Compression::zlib(9), std::nullopt};
    // --archive-version; empty picks the version from the compression.
    std::optional<dumpfmt::ArchiveVersion> archive_version;
    // --manifest: where to write the manifest; empty for the default.
    std::string manifest_path;
    // -j/--jobs: compression threads, 1..256. Empty means one per CPU.
    std::optional<unsigned> jobs;
    // --deflate: the library that writes gzip members.
    dumpfmt::DeflateEngine deflate_engine = dumpfmt::DeflateEngine::zlib;
    bool no_password = false;     // -w: never prompt
    bool force_password = false;  // -W: prompt before connecting
    bool verbose = false;
    ProgressMode progress = ProgressMode::automatic;
    // pg_dump's selection, content and session options.
    catalog::SelectionPatterns selection;
    ddl::ContentOptions content;
    pipeline::SessionOptions session;
    // Options that pg_dump 15 accepts for the custom format without changing
    // the archive, because pg_restore applies them: -c, --if-exists, -C, -O,
    // --no-tablespaces, --no-table-access-method, --disable-triggers and
    // --use-set-session-authorization. Only -c and --if-exists are kept, for
    // pg_dump's checks of option combinations.
    bool clean = false;
    bool if_exists = false;
};

enum class CommandAction {
    run_dump,
    show_help,          // top-level help
    show_dump_help,
    show_version,
    run_list,
    show_list_help,
    run_verify,
    show_verify_help,
    usage_error,        // exit status 2
};

struct ParsedCommand {
    CommandAction action = CommandAction::usage_error;
    DumpCommandLine dump;
    ArchiveCommandLine archive;  // for list and verify
    // For usage_error: what was wrong, naming the offending argument.
    std::string error_message;
};

// Parses the arguments after the program name: "dump [OPTION]... [DBNAME]",
// "help [dump]", "--help", "-?" or "--version". Option spelling follows
// pg_dump where the two overlap.
ParsedCommand parse_command_line(const std::vector<std::string>& arguments);

// The long options of "wiredump dump", without the leading "--".
std::vector<std::string> dump_long_option_names();

// The help text of "wiredump dump --help" and of "wiredump --help".
std::string dump_help_text();
std::string top_level_help_text();

}  // namespace wiredump::cli
