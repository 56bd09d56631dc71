#include "cli/list_command.hpp"

#include "cli/archive_file.hpp"
#include "dumpfmt/archive_reader.hpp"
#include "dumpfmt/toc_listing.hpp"

#include <ostream>

namespace wiredump::cli {

bool load_archive(const ArchiveCommandLine& command_line, CliContext& context, ArchiveBytes& bytes) {
    std::string message;
    std::error_code error;
    if (command_line.input_path == "-") {
        if (context.in == nullptr) {
            *context.err << "wiredump: error: standard input is not available to read the archive from\n";
            return false;
        }
        error = bytes.read_stream(*context.in, message);
    } else {
        error = bytes.open_file(command_line.input_path, message);
    }
    if (error) {
        *context.err << "wiredump: error: " << message << '\n';
        return false;
    }
    return true;
}

int run_list_command(const ArchiveCommandLine& command_line, CliContext& context) {
    ArchiveBytes bytes;
    if (!load_archive(command_line, context, bytes)) {
        return exit_failure;
    }

    dumpfmt::ArchiveHead head;
    protocol::Diagnostics diagnostics;
    if (auto error = dumpfmt::parse_archive_head(bytes.bytes(), head, diagnostics)) {
        const std::string& detail = diagnostics.client_message();
        *context.err << "wiredump: error: could not read the header and TOC of \"" << command_line.input_path
                     << "\": " << (detail.empty() ? error.message() : detail) << '\n';
        return exit_failure;
    }

    *context.out << dumpfmt::format_toc_summary(head);
    return exit_success;
}

}  // namespace wiredump::cli
