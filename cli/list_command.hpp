#pragma once

#include "cli/app.hpp"
#include "cli/archive_command_line.hpp"

namespace wiredump::cli {

class ArchiveBytes;

// Loads the archive named on the command line ("-" is context.in) into
// `bytes`. On failure prints the error to context.err and returns false.
bool load_archive(const ArchiveCommandLine& command_line, CliContext& context, ArchiveBytes& bytes);

// Runs "wiredump list": prints the archive's TOC as "pg_restore -l" does.
// Returns exit_failure when the archive cannot be read or its header or TOC
// is invalid.
int run_list_command(const ArchiveCommandLine& command_line, CliContext& context);

}  // namespace wiredump::cli
