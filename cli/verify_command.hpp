#pragma once

#include "cli/app.hpp"
#include "cli/archive_command_line.hpp"
#include "dumpfmt/archive_check.hpp"

#include <string>
#include <vector>

namespace wiredump::cli {

// Formats the readable summary of "wiredump verify": one line per entry with
// data (rows or large objects), the problems, and a totals line.
// `notes` are extra lines, such as the manifest that was checked.
std::string format_verify_text(const dumpfmt::ArchiveHead& head, const dumpfmt::ArchiveCheckReport& report,
                               const std::vector<std::string>& notes = {});

// Formats the same result as one JSON object followed by a newline.
std::string format_verify_json(const dumpfmt::ArchiveHead& head, const dumpfmt::ArchiveCheckReport& report,
                               const std::vector<std::string>& notes = {});

// Runs "wiredump verify": reads the whole archive and checks it. Returns
// exit_success only when every check passes.
int run_verify_command(const ArchiveCommandLine& command_line, CliContext& context);

}  // namespace wiredump::cli
