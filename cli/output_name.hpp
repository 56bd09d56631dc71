#pragma once

#include "pipeline/archive_output.hpp"

#include <ctime>
#include <optional>
#include <string>

namespace wiredump::cli {

struct DumpCommandLine;

// getopt_long values of the long options that name the archive file. They have
// no short letter, so they take values outside the range of characters.
inline constexpr int option_output_dir = 0x5201;
inline constexpr int option_filename = 0x5202;
inline constexpr int option_force = 0x5203;

// The archive's destination: a file, or standard output when path is empty.
struct OutputTarget {
    std::string path;
    pipeline::ExistingFile existing_file = pipeline::ExistingFile::replace;
};

// Stores the value of --output-dir, --filename or --force in the command line.
void apply_output_option(int option_char, const char* argument, DumpCommandLine& dump);

// Returns a usage error for a combination of -f, --output-dir, --filename and
// --force that names no single file, or for a --filename that is not a plain
// file name.
std::optional<std::string> check_output_options(const DumpCommandLine& dump);

// The file name that --output-dir gives the archive when --filename is absent:
// the local time the dump starts, as YYYYMMDD-HHMM.dump.
std::string timestamped_file_name(const std::tm& local_time);

// Turns checked output options into a path. -f keeps pg_dump's meaning and
// replaces an existing file. --output-dir and --filename never replace one
// unless --force is given.
OutputTarget resolve_output_target(const DumpCommandLine& dump, const std::tm& local_time);

}  // namespace wiredump::cli
