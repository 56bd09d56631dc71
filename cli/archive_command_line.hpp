#pragma once

#include <string>
#include <vector>

namespace wiredump::cli {

struct ParsedCommand;

// The arguments of "wiredump list" and "wiredump verify".
struct ArchiveCommandLine {
    std::string input_path;  // "-" reads the archive from standard input
    bool json = false;       // verify --json: print the result as one JSON object
    // verify --manifest: the manifest to check; empty means FILE.manifest.json
    // when that file exists.
    std::string manifest_path;
    bool no_manifest = false;  // verify --no-manifest
    // verify --against: the database to compare the manifest's tables with.
    std::string against;
};

// Parses "list|verify [OPTION]... FILE|-", with arguments[0] the command name.
// Sets the action to run_list, run_verify, their help, or usage_error.
ParsedCommand parse_archive_arguments(const std::vector<std::string>& arguments);

std::string list_help_text();
std::string verify_help_text();

}  // namespace wiredump::cli
