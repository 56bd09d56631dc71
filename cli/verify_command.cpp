#include "cli/verify_command.hpp"

#include "cli/archive_file.hpp"
#include "cli/json_text.hpp"
#include "cli/list_command.hpp"
#include "cli/verify_against.hpp"
#include "dumpfmt/json_value.hpp"
#include "dumpfmt/manifest_check.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
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

// Reads the manifest named on the command line, or the one beside the
// archive. Returns false after printing an error when it cannot be used;
// `found` stays false when there is no manifest to check.
bool load_manifest(const ArchiveCommandLine& command_line, CliContext& context, dumpfmt::Manifest& manifest,
                   std::string& path, bool& found) {
    found = false;
    if (command_line.no_manifest) {
        return true;
    }
    const bool named = !command_line.manifest_path.empty();
    if (!named && command_line.input_path == "-") {
        return true;
    }
    path = named ? command_line.manifest_path : command_line.input_path + ".manifest.json";

    std::ifstream file(path, std::ios::binary);
    if (!file) {
        std::error_code status_error;
        if (!named && !std::filesystem::exists(path, status_error) && !status_error) {
            return true;
        }
        *context.err << "wiredump: error: could not open manifest \"" << path << "\"; give an existing file "
                     << "with --manifest, or skip the check with --no-manifest\n";
        return false;
    }
    const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());

    protocol::Diagnostics diagnostics;
    if (auto error = dumpfmt::parse_manifest(text, manifest, diagnostics)) {
        *context.err << "wiredump: error: could not read manifest \"" << path << "\": "
                     << diagnostics.client_message() << '\n';
        return false;
    }
    found = true;
    return true;
}

// Runs "verify --against" and adds its lines to `notes` and its differences
// to the report's problems. Returns false after printing an error when the
// database could not be compared at all.
bool add_database_comparison(const ArchiveCommandLine& command_line, const dumpfmt::ArchiveHead& head,
                             const dumpfmt::Manifest& manifest, CliContext& context, std::vector<std::string>& notes,
                             dumpfmt::ArchiveCheckReport& report, std::size_t& differences) {
    DatabaseComparison comparison;
    protocol::Diagnostics diagnostics;
    if (auto error = compare_with_database(command_line.against, head, manifest, context, comparison, diagnostics)) {
        const std::string& detail = diagnostics.client_message();
        *context.err << "wiredump: error: could not compare with the database: "
                     << (detail.empty() ? error.message() : detail) << '\n';
        if (const auto& server_error = diagnostics.server_error()) {
            *context.err << protocol::format_server_error(*server_error) << '\n';
        }
        return false;
    }

    for (const auto& note : comparison.notes) {
        notes.push_back("against: " + note);
    }
    differences = comparison.problems.size();
    report.problems.insert(report.problems.end(), comparison.problems.begin(), comparison.problems.end());
    return true;
}

}  // namespace

std::string format_verify_text(const dumpfmt::ArchiveHead& head, const dumpfmt::ArchiveCheckReport& report,
                               const std::vector<std::string>& notes) {
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

    for (const auto& note : notes) {
        out += to_one_line(note) + "\n";
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

std::string format_verify_json(const dumpfmt::ArchiveHead& head, const dumpfmt::ArchiveCheckReport& report,
                               const std::vector<std::string>& notes) {
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

    out += "],\"notes\":[";
    for (std::size_t i = 0; i < notes.size(); ++i) {
        out += i == 0 ? "" : ",";
        out += json_string(notes[i]);
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

    dumpfmt::ArchiveCheckReport report = dumpfmt::check_archive(bytes.bytes(), head);

    dumpfmt::Manifest manifest;
    std::string manifest_path;
    bool manifest_found = false;
    if (!load_manifest(command_line, context, manifest, manifest_path, manifest_found)) {
        return exit_failure;
    }
    std::vector<std::string> notes;
    if (manifest_found) {
        dumpfmt::check_manifest(bytes.bytes(), head, manifest, report);
        notes.push_back("manifest: checked " + manifest_path + " (" +
                        count_text(manifest.tables.size(), "table", "tables") + ", " +
                        count_text(manifest.large_objects.size(), "large object", "large objects") + ")");
    } else if (!command_line.against.empty()) {
        *context.err << "wiredump: error: --against needs the manifest written with the archive, and \""
                     << manifest_path << "\" does not exist; give its path with --manifest\n";
        return exit_failure;
    }

    std::size_t database_differences = 0;
    if (!command_line.against.empty() &&
        !add_database_comparison(command_line, head, manifest, context, notes, report, database_differences)) {
        return exit_failure;
    }

    *context.out << (command_line.json ? format_verify_json(head, report, notes)
                                       : format_verify_text(head, report, notes));
    if (database_differences > 0) {
        *context.err << "wiredump: error: the database differs from the manifest of \"" << command_line.input_path
                     << "\" in " << count_text(database_differences, "place", "places")
                     << "; the problem lines name each table or large object\n";
    }
    if (report.problems.size() > database_differences) {
        *context.err << "wiredump: error: archive \"" << command_line.input_path << "\" failed verification; "
                     << "make the dump again or restore from another copy\n";
    }
    return report.ok() ? exit_success : exit_failure;
}

}  // namespace wiredump::cli
