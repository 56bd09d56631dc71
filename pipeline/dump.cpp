#include "pipeline/dump.hpp"

#include "ddl/dump_plan.hpp"
#include "dumpfmt/block_writer.hpp"
#include "dumpfmt/compression_spec.hpp"
#include "dumpfmt/compressor_zstd.hpp"
#include "dumpfmt/header.hpp"
#include "dumpfmt/toc.hpp"
#include "io/connection.hpp"
#include "io/open_transport.hpp"
#include "protocol/startup_operation.hpp"
#include "pipeline/archive_output.hpp"
#include "pipeline/background_output.hpp"
#include "pipeline/dump_session.hpp"
#include "pipeline/large_object_data.hpp"
#include "pipeline/manifest_recorder.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
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
    header.version = options.archive_version;
    header.compression = options.compression;
    header.created = local_time_now();
    header.database_name = options.connection.dbname;
    header.server_version = connection.parameter("server_version");
    header.dumper_version = std::string("wiredump ") + WIREDUMP_VERSION;
    return header;
}

// Names the pg_restore versions that read the archive, for the verbose log.
std::string describe_readers(const dumpfmt::ArchiveVersion& version, dumpfmt::CompressionAlgorithm algorithm) {
    const std::string name(dumpfmt::compression_name(algorithm));
    std::string text = "archive version " + std::to_string(version.major) + "." + std::to_string(version.minor) +
                       ", compression " + name + "; pg_restore " +
                       std::to_string(dumpfmt::first_pg_restore_major(version)) + " and later can read it";
    if (algorithm == dumpfmt::CompressionAlgorithm::lz4 || algorithm == dumpfmt::CompressionAlgorithm::zstd) {
        text += " if built with " + name + " support";
    }
    return text;
}

// The verbose log's line on the catalog phase: its size, its wall time, and
// how much of that went to waiting for query results, to separate slow server
// queries from slow planning in wiredump.
std::string describe_catalog_phase(const ddl::DumpPlan& plan, std::chrono::steady_clock::duration elapsed,
                                   const DumpSession& session) {
    const auto table_count = std::count_if(plan.entries.begin(), plan.entries.end(),
                                           [](const dumpfmt::TocEntry& entry) { return entry.desc == "TABLE"; });
    const auto seconds = [](std::chrono::steady_clock::duration duration) {
        char text[32];
        std::snprintf(text, sizeof text, "%.2f s", std::chrono::duration<double>(duration).count());
        return std::string(text);
    };
    return "read the catalog: " + std::to_string(table_count) + " tables, " + std::to_string(plan.entries.size()) +
           " archive entries, in " + seconds(elapsed) + " (" + std::to_string(session.query_count()) +
           " queries, " + seconds(session.query_time()) + " of it waiting for the server)";
}

std::error_code write_output_error(const std::error_code& error, const DumpOptions& options,
                                   protocol::Diagnostics& diagnostics) {
    std::string target = options.output_path.empty() ? "standard output" : "\"" + options.output_path + "\"";
    diagnostics.set_client_message("could not write to " + target + ": " + error.message());
    return error;
}

// Counts one table's COPY text and reports it to the observer every few
// hundred kilobytes. The server sends each row of text-format COPY as one
// CopyData message, so each message counts as one row.
class TableCounter {
public:
    explicit TableCounter(ProgressObserver* progress) : progress_(progress) {}

    // Counts one piece of a payload, and a row when the piece ends the payload.
    void add_piece(std::size_t bytes, bool row_end) {
        bytes_ += bytes;
        if (row_end) ++rows_;
        if (progress_ != nullptr && bytes_ - reported_bytes_ >= report_interval_bytes) {
            reported_bytes_ = bytes_;
            progress_->table_advanced(bytes_, rows_);
        }
    }

    void finish() {
        if (progress_ != nullptr) progress_->table_finished(bytes_, rows_);
    }

private:
    // Often enough for a smooth display, and rare enough to add no cost per row.
    static constexpr std::uint64_t report_interval_bytes = 256 * 1024;

    ProgressObserver* progress_;
    std::uint64_t bytes_ = 0;
    std::uint64_t rows_ = 0;
    std::uint64_t reported_bytes_ = 0;
};

constexpr std::uint64_t page_bytes = 8192;

// Streams one table's COPY output into its data block.
// The manifest hashes the payloads as the server sent them.
std::error_code dump_table_data(io::Connection& connection, const ddl::TableDataJob& job,
                                dumpfmt::DataBlockWriter& blocks, dumpfmt::CopyDataHasher& hasher,
                                ProgressObserver* progress,
                                protocol::Diagnostics& diagnostics) {
    if (auto error = blocks.begin(job.dump_id, diagnostics)) return error;
    if (progress != nullptr) {
        progress->table_started(job.qualified_name, static_cast<std::uint64_t>(job.pages) * page_bytes);
    }

    TableCounter counter(progress);
    std::error_code sink_error;
    auto sink = [&](std::span<const std::uint8_t> piece, bool payload_end) {
        counter.add_piece(piece.size(), payload_end);
        hasher.write(piece);
        sink_error = blocks.write(piece);
        return sink_error;
    };
    if (auto error = connection.copy_out(job.copy_to_sql, sink, diagnostics)) {
        if (sink_error) return sink_error;
        diagnostics.set_client_message("could not read the data of table " + job.qualified_name +
                                       " (" + job.copy_to_sql + ")");
        return error;
    }

    if (auto error = blocks.write(as_bytes(copy_end_marker))) return error;
    if (auto error = blocks.finish()) return error;
    counter.finish();
    return {};
}

// Hands the session's cancel target to the handler while the session is open
// and withdraws it before the connection closes, on every return path.
class CancelTargetScope {
public:
    CancelTargetScope(const std::function<void(const io::CancelTarget*)>& handler, io::CancelTarget target)
        : handler_(handler), target_(std::move(target)) {
        if (handler_) handler_(&target_);
    }
    ~CancelTargetScope() { release(); }
    CancelTargetScope(const CancelTargetScope&) = delete;
    CancelTargetScope& operator=(const CancelTargetScope&) = delete;

    void release() {
        if (handler_ && !released_) handler_(nullptr);
        released_ = true;
    }

private:
    const std::function<void(const io::CancelTarget*)>& handler_;
    io::CancelTarget target_;
    bool released_ = false;
};

class Dump {
public:
    Dump(const DumpOptions& options, const LogSink& log, protocol::Diagnostics& diagnostics)
        : options_(options), log_(log), diagnostics_(diagnostics) {}

    std::error_code run();

private:
    void info(const std::string& text) {
        if (log_) log_(LogLevel::info, text);
    }

    void report_data_started();
    std::error_code open_output();
    std::error_code check_stop();
    std::error_code read_plan();
    std::error_code write_archive();
    std::error_code write_data_blocks(const dumpfmt::Compression& compression,
                                      std::vector<std::optional<std::uint64_t>>& positions);

    const DumpOptions& options_;
    const LogSink& log_;
    ProgressObserver* progress_ = options_.progress;
    protocol::Diagnostics& diagnostics_;
    std::unique_ptr<ArchiveOutput> output_;
    HashingArchiveOutput* hashing_output_ = nullptr;  // output_ itself
    ManifestRecorder manifest_;
    io::Connection connection_;
    ddl::DumpPlan plan_;
};

void Dump::report_data_started() {
    if (progress_ == nullptr) return;

    std::uint64_t estimated_bytes = 0;
    for (const auto& job : plan_.table_data) {
        estimated_bytes += static_cast<std::uint64_t>(job.pages) * page_bytes;
    }
    progress_->data_started(plan_.table_data.size() + plan_.large_objects.size(), estimated_bytes);
}

std::error_code Dump::check_stop() {
    if (!options_.stop_requested || !options_.stop_requested()) return {};
    diagnostics_.set_client_message("the dump was interrupted by a signal and stopped before completing");
    return std::make_error_code(std::errc::operation_canceled);
}

std::error_code Dump::open_output() {
    if (options_.output_path.empty()) {
        output_ = ArchiveOutput::standard_output();
    } else if (auto error =
                   ArchiveOutput::open_file(options_.output_path, output_, diagnostics_, options_.existing_file)) {
        return error;
    }
    // The archive is written on a thread of its own, so the disk's pauses
    // do not stop the COPY reader while free buffers remain.
    output_ = std::make_unique<BackgroundOutput>(std::move(output_));
    auto hashing = std::make_unique<HashingArchiveOutput>(std::move(output_));
    hashing_output_ = hashing.get();
    output_ = std::move(hashing);
    return {};
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
    plan_options.group_large_objects = options_.archive_version >= dumpfmt::version_1_16;

    info("reading the catalog");
    const auto started = std::chrono::steady_clock::now();
    if (auto error = ddl::build_dump_plan(session, plan_options, plan_, diagnostics_)) return error;
    info(describe_catalog_phase(plan_, std::chrono::steady_clock::now() - started, session));

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
    std::unordered_map<int, const ddl::LargeObjectDataJob*> large_object_jobs;
    for (const auto& job : plan_.large_objects) large_object_jobs[job.dump_id] = &job;
    report_data_started();

    // Data blocks follow the TOC order of the entries that have data, as
    // pg_dump writes them.
    for (std::size_t i = 0; i < plan_.entries.size(); ++i) {
        const dumpfmt::TocEntry& entry = plan_.entries[i];
        if (!entry.has_data) continue;
        if (auto error = check_stop()) return error;

        // Both writers append to the same output, so its position is where the block starts.
        positions[i] = output_->position();
        std::error_code error;
        if (auto large_objects = large_object_jobs.find(entry.dump_id); large_objects != large_object_jobs.end()) {
            // The single 1.14 BLOBS entry is tagged "BLOBS", a 1.16 group by its OID range.
            const std::string name = entry.tag == "BLOBS" ? "large objects" : "large objects " + entry.tag;
            info("saving " + name);
            if (progress_ != nullptr) progress_->table_started(name, 0);
            DumpSession session(connection_);
            error = dump_large_objects(session, *large_objects->second, blobs, diagnostics_,
                                       large_object_piece_size, &manifest_);
            if (!error && progress_ != nullptr) progress_->table_finished(0, 0);
        } else if (auto job = table_jobs.find(entry.dump_id); job != table_jobs.end()) {
            info("dumping contents of table " + job->second->qualified_name);
            error = dump_table_data(connection_, *job->second, blocks, manifest_.begin_table(entry), progress_,
                                    diagnostics_);
            manifest_.end_table();
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
    if (auto error = check_stop()) return error;
    const std::uint64_t archive_bytes = output_->position();
    if (auto error = output_->commit()) {
        if (error == std::errc::file_exists) {
            diagnostics_.set_client_message("output file \"" + options_.output_path +
                                            "\" was created by another program while the dump ran, so it was "
                                            "left as it was and this archive was discarded. Give --force to "
                                            "replace an existing file");
            return error;
        }
        return write_output_error(error, options_, diagnostics_);
    }
    if (auto error = write_dump_manifest(options_, manifest_, *hashing_output_, diagnostics_)) return error;
    if (progress_ != nullptr) progress_->data_finished(archive_bytes);
    return {};
}

std::error_code Dump::run() {
    // The output is opened before connecting, so a path that cannot be written
    // fails at once instead of after the catalog has been read.
    if (auto error = open_output()) return error;

    connection_.set_exposed_password_handler(options_.exposed_password_handler);
    if (auto error = connection_.connect(options_.connection, diagnostics_)) return error;
    CancelTargetScope cancel_scope(options_.cancel_target_handler, connection_.cancel_target());
    info("connected to " + io::describe_server(connection_.cancel_target().server, "") + ", PostgreSQL " +
         connection_.parameter("server_version") + ", protocol " +
         protocol::protocol_version_name(connection_.protocol_version()) +
         (connection_.encrypted() ? ", encrypted with TLS" : ", not encrypted"));
    if (options_.compression.algorithm == dumpfmt::CompressionAlgorithm::zstd) {
        const std::string limits = dumpfmt::ZstdCompressor::describe_limits(options_.compression);
        if (!limits.empty()) info(limits);
    }

    if (auto error = read_plan()) return error;
    if (auto error = write_archive()) return error;

    // Closing the connection ends the read-only transaction, as pg_dump does.
    cancel_scope.release();
    connection_.close();
    info("archive complete: " + describe_readers(options_.archive_version, options_.compression.algorithm));
    return {};
}

}  // namespace

std::error_code run_dump(const DumpOptions& options, const LogSink& log, protocol::Diagnostics& diagnostics) {
    Dump dump(options, log, diagnostics);
    return dump.run();
}

}  // namespace wiredump::pipeline
