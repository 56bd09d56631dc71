#pragma once

#include "dumpfmt/header.hpp"
#include "dumpfmt/stream_compressor.hpp"
#include "protocol/diagnostics.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <system_error>

namespace wiredump::dumpfmt {

// Block type bytes in the data area.
enum class BlockType : std::uint8_t {
    data = 1,   // BLK_DATA: one member, the data of one TOC entry
    blobs = 3,  // BLK_BLOBS: one member per large object, each after its OID
};

// Writes data blocks of the data area: the block header, then the member
// compressed into length-prefixed chunks, then the zero length that ends it.
// All bytes go to the sink. One writer can write many blocks one after the
// other: begin, write any number of times, finish, then begin the next.
//
// bytes_written() counts every byte passed to the sink, so a caller that
// knows where the writer started can record each block's position (the value
// of bytes_written() just before begin()) as its TOC data offset.
class DataBlockWriter {
public:
    DataBlockWriter(ByteSink sink, Compression compression);

    // Writes the block header for the TOC entry `dump_id` (1 or above).
    std::error_code begin(int dump_id, protocol::Diagnostics& diagnostics);
    std::error_code write(std::span<const std::uint8_t> data);
    // Ends the compressed stream and writes the zero-length end marker.
    std::error_code finish();

    std::uint64_t bytes_written() const { return bytes_written_; }

private:
    friend class BlobsBlockWriter;

    std::error_code emit(std::span<const std::uint8_t> bytes);
    std::error_code emit_int(std::int32_t value);
    std::error_code emit_chunk(std::span<const std::uint8_t> chunk);
    std::error_code start_member(protocol::Diagnostics& diagnostics);
    std::error_code end_member();

    ByteSink sink_;
    Compression compression_;
    std::unique_ptr<StreamCompressor> compressor_;
    std::uint64_t bytes_written_ = 0;
    bool in_block_ = false;
};

// Writes the BLOBS block of a 1.12 to 1.15 archive (or one BLOBS block per
// group in 1.16): the block header, then for each large object its OID and its
// own compressed stream, then an OID of 0. Call order: begin, then for each
// large object begin_large_object, write any number of times and
// end_large_object, then finish.
class BlobsBlockWriter {
public:
    BlobsBlockWriter(ByteSink sink, Compression compression);

    std::error_code begin(int dump_id, protocol::Diagnostics& diagnostics);
    // OIDs of 2^31 and above are written in pg_dump's negative form.
    std::error_code begin_large_object(std::uint32_t oid, protocol::Diagnostics& diagnostics);
    std::error_code write(std::span<const std::uint8_t> data);
    std::error_code end_large_object();
    std::error_code finish();

    std::uint64_t bytes_written() const { return blocks_.bytes_written(); }

private:
    DataBlockWriter blocks_;
    bool in_block_ = false;
    bool in_large_object_ = false;
};

}  // namespace wiredump::dumpfmt
