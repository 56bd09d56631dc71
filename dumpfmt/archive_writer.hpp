#pragma once

#include "dumpfmt/block_writer.hpp"
#include "dumpfmt/header.hpp"
#include "dumpfmt/toc_entry.hpp"
#include "protocol/diagnostics.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

namespace wiredump::dumpfmt {

// Writes a whole archive to a sink in pg_dump's order: header, TOC with every
// data offset NOT_SET, then one data block per entry with data, in TOC order.
// Blocks must follow the TOC order because pg_restore reading from a pipe only
// scans forward.
//
// For a seekable output the caller then calls final_toc() and writes its bytes
// at toc_offset(), over the first TOC. The two have the same length, and the
// rewritten offsets let pg_restore seek straight to each block. For a pipe the
// caller skips that step, and pg_restore scans for each block instead. It
// should still call final_toc() and discard the bytes, because that call
// checks that every entry with data got its block.
//
// Call order: write_head first. Then, for each entry with data in TOC order,
// begin_data, write_data any number of times and end_data. A BLOBS entry uses
// begin_blobs instead, then begin_large_object, write_data and
// end_large_object per large object, then end_blobs. final_toc comes last.
class ArchiveWriter {
public:
    ArchiveWriter(ByteSink sink, ArchiveHeader header, std::vector<TocEntry> entries);

    // The block writers send their bytes through this object, so it cannot move.
    ArchiveWriter(const ArchiveWriter&) = delete;
    ArchiveWriter& operator=(const ArchiveWriter&) = delete;

    std::error_code write_head(protocol::Diagnostics& diagnostics);

    std::error_code begin_data(int dump_id, protocol::Diagnostics& diagnostics);
    std::error_code write_data(std::span<const std::uint8_t> data);
    std::error_code end_data();

    std::error_code begin_blobs(int dump_id, protocol::Diagnostics& diagnostics);
    std::error_code begin_large_object(std::uint32_t oid, protocol::Diagnostics& diagnostics);
    std::error_code end_large_object();
    std::error_code end_blobs();

    // Encodes the TOC again with the position of every block. Returns
    // errc::writer_state, naming the entry, if an entry with data has no block yet.
    std::error_code final_toc(std::vector<std::uint8_t>& out, protocol::Diagnostics& diagnostics) const;

    // Archive offset of the first TOC byte, where final_toc() belongs.
    std::uint64_t toc_offset() const { return toc_offset_; }
    std::uint64_t bytes_written() const { return bytes_written_; }

private:
    std::error_code emit(std::span<const std::uint8_t> bytes);
    std::error_code start_block(int dump_id, bool blobs, protocol::Diagnostics& diagnostics);

    ByteSink sink_;
    ArchiveHeader header_;
    std::vector<TocEntry> entries_;
    std::vector<std::optional<std::uint64_t>> positions_;
    DataBlockWriter data_writer_;
    BlobsBlockWriter blobs_writer_;
    std::uint64_t bytes_written_ = 0;
    std::uint64_t toc_offset_ = 0;
    std::size_t next_entry_ = 0;  // TOC index from which the next block's entry is searched
    bool head_written_ = false;
    enum class Open { none, data, blobs } open_ = Open::none;
};

}  // namespace wiredump::dumpfmt
