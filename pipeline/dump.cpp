#include "pipeline/dump.hpp"

#include "ddl/dump_plan.hpp"
#include "dumpfmt/block_writer.hpp"
#include "dumpfmt/header.hpp"
#include "dumpfmt/toc.hpp"
#include "io/connection.hpp"
#include "pipeline/archive_output.hpp"
#include "pipeline/dump_session.hpp"
#include "pipeline/large_object_data.hpp"

#include <ctime>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace wiredump::pipeline {
namespace {

// pg_dump ends every table's COPY data with the end-of-data marker and two
// blank lines; pg_restore sends these bytes to the server as they are.
constexpr std::string_view copy_end_marker = "\\.\n\n\n";

std::span<const std::uint8_t> as_bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

dumpfmt::CreationTime local_time_now() {
    std::time_t now = std::time(nullptr);
    std::tm fields{};
    localtime_r(&now, &fields);
    return {fields.tm_sec, fields.tm_min, fields.tm_hour, fields.tm_mday,
            fields.tm_mon, fields.tm_year, fields.tm_isdst > 0 ? 1 : 0};
}

dumpfmt::ArchiveHeader make_header(const DumpOptions& options, const io::Connection& connection) {
    dumpfmt::ArchiveHeader header;
    header.compression = options.compression_level == 0
                             ? dumpfmt::Compression{}
                             : dumpfmt::Compression::zlib(options.compression_level, options.compression_threads);
    header.stored_level = options.compression_level;
    header.created = local_time_now();
    header.database_name = options.connection.dbname;
    header.server_version = connection.parameter("server_version");
    header.dumper_version = std::string("wiredump ") + WIREDUMP_VERSION;
    return header;
}

std::error_code write_output_error(const std::error_code& error, const DumpOptions& options,
                                   protocol::Diagnostics& diagnostics) {
    std::string target = options.output_path.empty() ? "standard output" : "\"" + options.output_path + "\"";
    diagnostics.set_client_message("could not write to " + target + ": " + error.message());
    return error;
}

// Streams one table's COPY output into its data block.
std::error_code dump_table_data(io::Connection& connection, const ddl::TableDataJob& job,
                                dumpfmt::DataBlockWriter& blocks, protocol::Diagnostics& diagnostics) {
    if (auto error = blocks.begin(job.dump_id, diagnostics)) return error;

    std::error_code sink_error;
    auto sink = [&](std::span<const std::uint8_t> payload) {
        sink_error = blocks.write(payload);
        return sink_error;
    };
    if (auto error = connection.copy_out(job.copy_to_sql, sink, diagnostics)) {
        if (sink_error) return sink_error;
        diagnostics.set_client_message("could not read the data of table " + job.qualified_name +
                                       " (" + job.copy_to_sql + ")");
        return error;
    }

    if (auto error = blocks.write(as_bytes(copy_end_marker))) return error;
    return blocks.finish();
}

class Dump {
public:
    Dump(const DumpOptions& options, const LogSink& log, protocol::Diagnostics& diagnostics)
        : options_(options), log_(log), diagnostics_(diagnostics) {}

    std::error_code run();

private:
    void info(const std::string& text) {
        if (log_) log_(LogLevel::info, text);
    }

    std::error_code open_output();
    std::error_code read_plan();
    std::error_code write_archive();
    std::error_code write_data_blocks(const dumpfmt::Compression& compression,
                                      std::vector<std::optional<std::uint64_t>>& positions);

    const DumpOptions& options_;
    const LogSink& log_;
    protocol::Diagnostics& diagnostics_;
    std::unique_ptr<ArchiveOutput> output_;
    io::Connection connection_;
    ddl::DumpPlan plan_;
};

std::error_code Dump::open_output() {
    if (options_.output_path.empty()) {
        output_ = ArchiveOutput::standard_output();
        return {};
    }
    return ArchiveOutput::open_file(options_.output_path, output_, diagnostics_);
}

std::error_code Dump::read_plan() {
    DumpSession session(connection_);
    if (auto error = session.begin(options_.session, diagnostics_)) return error;

    ddl::PlanOptions plan_options;
    plan_options.server_version_num = connection_.server_version_num();
    plan_options.database_name = options_.connection.dbname;
    plan_options.client_encoding = connection_.parameter("client_encoding");
    plan_options.standard_conforming_strings = connection_.parameter("standard_conforming_strings") == "on";
    plan_options.selection = options_.selection;
    plan_options.content = options_.content;
    plan_options.quote_all_identifiers = options_.session.quote_all_identifiers;
    plan_options.lock_wait_timeout = options_.session.lock_wait_timeout;

    info("reading the catalog");
    if (auto error = ddl::build_dump_plan(session, plan_options, plan_, diagnostics_)) return error;

    // Loops broken arbitrarily may restore in the wrong order, as pg_dump warns.
    for (const auto& warning : plan_.warnings) {
        if (log_) log_(LogLevel::warning, warning);
    }
    return {};
}

// Writes the data block of every entry that has data and records where each one starts.
std::error_code Dump::write_data_blocks(const dumpfmt::Compression& compression,
                                        std::vector<std::optional<std::uint64_t>>& positions) {
    std::error_code output_error;
    dumpfmt::DataBlockWriter blocks(
        [&](std::span<const std::uint8_t> bytes) {
            output_error = output_->write(bytes);
            return output_error;
        },
        compression);

    dumpfmt::BlobsBlockWriter blobs(
        [&](std::span<const std::uint8_t> bytes) {
            output_error = output_->write(bytes);
            return output_error;
        },
        compression);

    std::unordered_map<int, const ddl::TableDataJob*> table_jobs;
    for (const auto& job : plan_.table_data) table_jobs[job.dump_id] = &job;

    // Data blocks follow the TOC order of the entries that have data, as
    // pg_dump writes them.
    for (std::size_t i = 0; i < plan_.entries.size(); ++i) {
        const dumpfmt::TocEntry& entry = plan_.entries[i];
        if (!entry.has_data) continue;

        // Both writers append to the same output, so its position is where the block starts.
        positions[i] = output_->position();
        std::error_code error;
        if (plan_.large_objects && entry.dump_id == plan_.large_objects->dump_id) {
            info("saving large objects");
            DumpSession session(connection_);
            error = dump_large_objects(session, *plan_.large_objects, blobs, diagnostics_);
        } else if (auto job = table_jobs.find(entry.dump_id); job != table_jobs.end()) {
            info("dumping contents of table " + job->second->qualified_name);
            error = dump_table_data(connection_, *job->second, blocks, diagnostics_);
        } else {
            diagnostics_.set_client_message("internal error: TOC entry " + std::to_string(entry.dump_id) +
                                            " (" + entry.desc + " " + entry.tag +
                                            ") has data but no job writes it; please report this wiredump bug");
            return std::make_error_code(std::errc::invalid_argument);
        }
        if (error) {
            if (output_error) return write_output_error(output_error, options_, diagnostics_);
            return error;
        }
    }
    return {};
}

std::error_code Dump::write_archive() {
    std::vector<std::uint8_t> head;
    auto header = make_header(options_, connection_);
    if (auto error = dumpfmt::append_header(head, header, diagnostics_)) return error;

    // The TOC goes out first with every data offset "not set", and is written
    // again over itself with the real positions once they are known.
    const std::uint64_t toc_position = head.size();
    if (auto error = dumpfmt::append_toc(head, header.version, plan_.entries, {}, diagnostics_)) return error;
    if (auto error = output_->write(head)) return write_output_error(error, options_, diagnostics_);

    std::vector<std::optional<std::uint64_t>> positions(plan_.entries.size());
    if (auto error = write_data_blocks(header.compression, positions)) return error;

    if (output_->seekable()) {
        std::vector<std::uint8_t> toc;
        if (auto error = dumpfmt::append_toc(toc, header.version, plan_.entries, positions, diagnostics_)) {
            return error;
        }
        if (auto error = output_->overwrite(toc_position, toc)) {
            return write_output_error(error, options_, diagnostics_);
        }
    }
    if (auto error = output_->commit()) return write_output_error(error, options_, diagnostics_);
    return {};
}

std::error_code Dump::run() {
    // The output is opened before connecting, so a path that cannot be written
    // fails at once instead of after the catalog has been read.
    if (auto error = open_output()) return error;

    if (auto error = connection_.connect(options_.connection, diagnostics_)) return error;

    if (auto error = read_plan()) return error;
    if (auto error = write_archive()) return error;

    // Closing the connection ends the read-only transaction, as pg_dump does.
    connection_.close();
    info("archive complete");
    return {};
}

}  // namespace

std::error_code run_dump(const DumpOptions& options, const LogSink& log, protocol::Diagnostics& diagnostics) {
    Dump dump(options, log, diagnostics);
    return dump.run();
}

}  // namespace wiredump::pipeline
