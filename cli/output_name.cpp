#include "cli/output_name.hpp"

#include "cli/command_line.hpp"

#include <cstdio>

namespace wiredump::cli {

void apply_output_option(int option_char, const char* argument, DumpCommandLine& dump) {
    if (option_char == option_output_dir) {
        dump.output_directory = argument;
    } else if (option_char == option_filename) {
        dump.output_file_name = argument;
    } else if (option_char == option_force) {
        dump.force = true;
    }
}

std::optional<std::string> check_output_options(const DumpCommandLine& dump) {
    const bool names_file = dump.output_directory || dump.output_file_name;
    if (!dump.output_path.empty() && names_file) {
        return "option -f/--file cannot be used together with --output-dir or --filename; give either -f "
               "PATH, or --output-dir DIR with an optional --filename NAME";
    }
    if (dump.output_directory && dump.output_directory->empty()) {
        return "invalid output directory \"\": give a directory name, for example --output-dir=.";
    }
    if (const auto& name = dump.output_file_name) {
        if (name->empty() || *name == "." || *name == ".." || name->find('/') != std::string::npos) {
            return "invalid file name \"" + *name +
                   "\" for --filename: give a name without \"/\" and put the directory in --output-dir";
        }
    }
    if (dump.force && dump.output_path.empty() && !names_file) {
        return "option --force needs --output-dir or --filename, because without them the archive goes to "
               "standard output";
    }
    return std::nullopt;
}

std::string timestamped_file_name(const std::tm& local_time) {
    char name[64];
    std::snprintf(name, sizeof name, "%04d%02d%02d-%02d%02d.dump", local_time.tm_year + 1900, local_time.tm_mon + 1,
                  local_time.tm_mday, local_time.tm_hour, local_time.tm_min);
    return name;
}

OutputTarget resolve_output_target(const DumpCommandLine& dump, const std::tm& local_time) {
    OutputTarget target;
    if (!dump.output_directory && !dump.output_file_name) {
        target.path = dump.output_path;
        return target;
    }

    const std::string name = dump.output_file_name.value_or(timestamped_file_name(local_time));
    const std::string directory = dump.output_directory.value_or("");
    if (directory.empty()) {
        target.path = name;
    } else if (directory.back() == '/') {
        target.path = directory + name;
    } else {
        target.path = directory + "/" + name;
    }
    target.existing_file = dump.force ? pipeline::ExistingFile::replace : pipeline::ExistingFile::keep;
    return target;
}

}  // namespace wiredump::cli
