#include "cli/verify_command.hpp"

#include "cli/archive_file.hpp"
#include "cli/json_text.hpp"
#include "cli/list_command.hpp"

#include <cstdio>
#include <ostream>

namespace wiredump::cli {
namespace {

// Replaces line breaks, which quoted names may contain, so that each entry
// and problem stays on one line.
std::string to_one_line(std::string text) {
    for (char& c : text) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return text;
}

std::string entry_name(const dumpfmt::EntryDataSummary& entry) {
    std::string name = entry.desc;
    if (entry.tag != entry.desc) {
        name += " " + (entry.namespace_name.empty() ? "" : entry.namespace_name + ".") + entry.tag;
    }
    return to_one_line(name);
}

std::string count_text(std::uint64_t count, std::string_view singular, std::string_view plural) {
    return std::to_string(count) + " " + std::string(count == 1 ? singular : plural);
}

struct Totals {
    std::uint64_t tables = 0;
    std::uint64_t rows = 0;
    std::uint64_t large_objects = 0;
    std::uint64_t compressed_bytes = 0;
    std::uint64_t data_bytes = 0;
};

Totals add_up(const dumpfmt::ArchiveCheckReport& report) {
    Totals totals;
    for (const auto& entry : report.entries) {
        if (entry.rows_counted) {
            ++totals.tables;
            totals.rows += entry.rows;
        }
        totals.large_objects += entry.large_objects;
        totals.compressed_bytes += entry.compressed_bytes;
        totals.data_bytes += entry.data_bytes;
    }
    return totals;
}

}  // namespace

std::string format_verify_text(const dumpfmt::ArchiveHead& head, const dumpfmt::ArchiveCheckReport& report) {
    std::string out = "archive version " + head.header.version.to_string() + ", " +
                      std::to_string(head.toc.size()) + " TOC entries, " + std::to_string(report.entries.size()) +
                      " with data, read " + (report.data_offsets_used ? "by data offset" : "in file order") + "\n";

    for (const auto& entry : report.entries) {
        std::string line = entry_name(entry) + ": ";
        if (!entry.block_found) {
            line += "no data block";
        } else if (entry.rows_counted) {
            line += count_text(entry.rows, "row", "rows");
        } else if (entry.desc == "BLOBS") {
            line += count_text(entry.large_objects, "large object", "large objects");
        } else if (entry.desc == "TABLE DATA") {
            line += std::to_string(entry.data_bytes) + " bytes of INSERT statements, rows not counted";
        } else {
            line += std::to_string(entry.data_bytes) + " bytes";
        }
        out += line + (entry.ok ? "" : " (damaged)") + "\n";
    }

    for (const auto& warning : report.warnings) {
        out += "warning: " + to_one_line(warning.message) + "\n";
    }
    for (const auto& problem : report.problems) {
        out += "problem: " + to_one_line(problem.message) + "\n";
    }

    const Totals totals = add_up(report);
    out += "total: " + count_text(totals.tables, "table", "tables") + ", " + count_text(totals.rows, "row", "rows") +
           ", " + count_text(totals.large_objects, "large object", "large objects") + ", " +
           std::to_string(totals.compressed_bytes) + " bytes of data decompressed to " +
           std::to_string(totals.data_bytes) + "\n";
    out += report.ok() ? "verify: ok\n"
                       : "verify: failed with " + count_text(report.problems.size(), "problem", "problems") + "\n";
    return out;
}

std::string format_verify_json(const dumpfmt::ArchiveHead& head, const dumpfmt::ArchiveCheckReport& report) {
    std::string out = "{\"ok\":" + std::string(report.ok() ? "true" : "false");
    out += ",\"archive_version\":" + json_string(head.header.version.to_string());
    out += ",\"toc_entries\":" + std::to_string(head.toc.size());
    out += ",\"data_offsets_used\":" + std::string(report.data_offsets_used ? "true" : "false");

    out += ",\"entries\":[";
    for (std::size_t i = 0; i < report.entries.size(); ++i) {
        const auto& entry = report.entries[i];
        out += i == 0 ? "{" : ",{";
        out += "\"dump_id\":" + std::to_string(entry.dump_id);
        out += ",\"desc\":" + json_string(entry.desc);
        out += ",\"namespace\":" + json_string(entry.namespace_name);
        out += ",\"tag\":" + json_string(entry.tag);
        out += ",\"ok\":" + std::string(entry.ok ? "true" : "false");
        if (entry.block_found) {
            out += ",\"block_offset\":" + std::to_string(entry.block_offset);
        }
        if (entry.rows_counted) {
            out += ",\"rows\":" + std::to_string(entry.rows);
        }
        if (entry.desc == "BLOBS") {
            out += ",\"large_objects\":" + std::to_string(entry.large_objects);
        }
        out += ",\"compressed_bytes\":" + std::to_string(entry.compressed_bytes);
        out += ",\"data_bytes\":" + std::to_string(entry.data_bytes) + "}";
    }

    out += "],\"problems\":[";
    for (std::size_t i = 0; i < report.problems.size(); ++i) {
        out += i == 0 ? "" : ",";
        out += json_string(report.problems[i].message);
    }

    out += "],\"warnings\":[";
    for (std::size_t i = 0; i < report.warnings.size(); ++i) {
        out += i == 0 ? "" : ",";
        out += json_string(report.warnings[i].message);
    }

    const Totals totals = add_up(report);
    out += "],\"total\":{\"tables\":" + std::to_string(totals.tables) + ",\"rows\":" + std::to_string(totals.rows) +
           ",\"large_objects\":" + std::to_string(totals.large_objects) +
           ",\"compressed_bytes\":" + std::to_string(totals.compressed_bytes) +
           ",\"data_bytes\":" + std::to_string(totals.data_bytes) + "}}\n";
    return out;
}

int run_verify_command(const ArchiveCommandLine& command_line, CliContext& context) {
    ArchiveBytes bytes;
    if (!load_archive(command_line, context, bytes)) {
        return exit_failure;
    }

    dumpfmt::ArchiveHead head;
    protocol::Diagnostics diagnostics;
    if (auto error = dumpfmt::parse_archive_head(bytes.bytes(), head, diagnostics)) {
        const std::string& detail = diagnostics.client_message();
        const std::string message = detail.empty() ? error.message() : detail;
        if (command_line.json) {
            *context.out << "{\"ok\":false,\"problems\":[" << json_string(message) << "]}\n";
        }
        *context.err << "wiredump: error: could not read the header and TOC of \"" << command_line.input_path
                     << "\": " << message << '\n';
        return exit_failure;
    }

    const dumpfmt::ArchiveCheckReport report = dumpfmt::check_archive(bytes.bytes(), head);
    *context.out << (command_line.json ? format_verify_json(head, report) : format_verify_text(head, report));
    if (!report.ok()) {
        *context.err << "wiredump: error: archive \"" << command_line.input_path << "\" failed verification; "
                     << "make the dump again or restore from another copy\n";
        return exit_failure;
    }
    return exit_success;
}

}  // namespace wiredump::cli
