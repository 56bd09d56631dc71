#pragma once

#include "dumpfmt/copy_data_hash.hpp"
#include "dumpfmt/manifest.hpp"
#include "dumpfmt/toc_entry.hpp"
#include "pipeline/archive_output.hpp"
#include "pipeline/dump_options.hpp"
#include "pipeline/large_object_data.hpp"

#include <memory>
#include <optional>

namespace wiredump::pipeline {

// Collects the manifest of one dump while its data blocks are written: the
// row count and hash of each table's COPY data as the server sends it, and
// the hash of each large object.
class ManifestRecorder final : public LargeObjectObserver {
public:
    // Starts one table's data. Feed every CopyData payload to the returned
    // hasher, then call end_table().
    dumpfmt::CopyDataHasher& begin_table(const dumpfmt::TocEntry& entry);
    void end_table();

    void begin_large_object(std::uint32_t oid) override;
    void large_object_bytes(std::span<const std::uint8_t> bytes) override;
    void end_large_object() override;

    dumpfmt::Manifest& manifest() { return manifest_; }

private:
    dumpfmt::Manifest manifest_;
    std::optional<dumpfmt::ManifestTable> table_;
    std::optional<dumpfmt::CopyDataHasher> table_hasher_;
    std::uint32_t large_object_oid_ = 0;
    std::optional<dumpfmt::StreamHasher> large_object_hasher_;
};

// An ArchiveOutput that hashes the bytes appended to another one. The hash
// is the whole archive's only while nothing was overwritten, which holds for
// outputs that cannot seek, because only those keep their first TOC.
class HashingArchiveOutput final : public ArchiveOutput {
public:
    explicit HashingArchiveOutput(std::unique_ptr<ArchiveOutput> inner) : inner_(std::move(inner)) {}

    std::error_code write(std::span<const std::uint8_t> bytes) override;
    std::error_code overwrite(std::uint64_t position, std::span<const std::uint8_t> bytes) override;
    bool seekable() const override { return inner_->seekable(); }
    std::uint64_t position() const override { return inner_->position(); }
    std::error_code commit() override { return inner_->commit(); }

    bool overwritten() const { return overwritten_; }
    const dumpfmt::StreamHasher& hasher() const { return hasher_; }

private:
    std::unique_ptr<ArchiveOutput> inner_;
    dumpfmt::StreamHasher hasher_;
    bool overwritten_ = false;
};

// The manifest path of a dump: options.manifest_path, else the archive's
// path with ".manifest.json" appended, else "" (no manifest) for standard
// output.
std::string manifest_path_for(const DumpOptions& options);

// Hashes the finished archive and writes the manifest to
// manifest_path_for(options). The hash of an archive whose TOC was rewritten
// in place is computed by reading the final file back.
std::error_code write_dump_manifest(const DumpOptions& options, ManifestRecorder& recorder,
                                    const HashingArchiveOutput& output, protocol::Diagnostics& diagnostics);

// Reads the file at `path` to its end and stores its size and XXH3-128 hash.
std::error_code hash_archive_file(const std::string& path, dumpfmt::ManifestArchive& out,
                                  protocol::Diagnostics& diagnostics);

// Writes `text` to `path` under a temporary name in the same directory,
// syncs it and renames it into place, so a reader never sees half a manifest.
// NOTE: unlike the archive's temporary file, this one is not removed by the
// SIGINT and SIGTERM handlers, so a signal during this short write leaves
// "<path>.partial-XXXXXX" behind.
std::error_code write_manifest_file(const std::string& path, std::string_view text,
                                    protocol::Diagnostics& diagnostics);

}  // namespace wiredump::pipeline
