#pragma once

#include "dumpfmt/block_writer.hpp"
#include "dumpfmt/header.hpp"
#include "dumpfmt/toc.hpp"
#include "protocol/diagnostics.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

namespace wiredump::dumpfmt {

// The header and TOC of an archive, and where its data area starts.
struct ArchiveHead {
    ArchiveHeader header;
    std::vector<ParsedTocEntry> toc;
    std::size_t data_start = 0;  // archive offset just after the TOC
};

// Parses header and TOC from the start of an archive. `bytes` need not hold
// the whole file: errc::truncated means more bytes are needed, and the message
// names the offset and field where the input ended.
std::error_code parse_archive_head(std::span<const std::uint8_t> bytes, ArchiveHead& out,
                                   protocol::Diagnostics& diagnostics);

// Receives the contents of data blocks as read_data_block() decodes them.
// Every callback may return an error code to stop reading, and the reader
// returns that code unchanged.
class DataBlockVisitor {
public:
    virtual ~DataBlockVisitor() = default;

    // A block header at archive offset `offset`.
    virtual std::error_code on_block(BlockType, int /*dump_id*/, std::size_t /*offset*/) { return {}; }
    // A member begins: the block's only member, or one large object of a BLOBS block.
    virtual std::error_code on_member(std::optional<std::uint32_t> /*large_object_oid*/) { return {}; }
    // A chunk of `compressed_size` bytes as stored in the archive.
    virtual std::error_code on_chunk(std::size_t /*compressed_size*/) { return {}; }
    // Decompressed bytes of the current member.
    virtual std::error_code on_data(std::span<const std::uint8_t>) { return {}; }
    virtual std::error_code on_member_end() { return {}; }
};

// Reads the block that starts at archive offset `offset` of `archive` (the
// whole file), decompressing each member with the header's compression algorithm. On success
// `end_offset` is where the next block would start.
std::error_code read_data_block(std::span<const std::uint8_t> archive, std::size_t offset,
                                const ArchiveHeader& header, DataBlockVisitor& visitor,
                                std::size_t& end_offset, protocol::Diagnostics& diagnostics);

// One decoded member, as collected by read_all_blocks().
struct DataMember {
    std::optional<std::uint32_t> large_object_oid;
    std::vector<std::size_t> chunk_sizes;
    std::vector<std::uint8_t> data;
};

struct DataBlock {
    BlockType type = BlockType::data;
    int dump_id = 0;
    std::size_t offset = 0;
    std::vector<DataMember> members;
};

// Reads every block from head.data_start to the end of `archive`, keeping all
// decompressed data in memory, so it suits tests and small archives.
// NOTE: pg_restore accepts trailing bytes after the blocks it needs, but this
// reader reports bytes at the end that do not form a block as an error.
std::error_code read_all_blocks(std::span<const std::uint8_t> archive, const ArchiveHead& head,
                                std::vector<DataBlock>& out, protocol::Diagnostics& diagnostics);

// Checks that every TOC entry with data has exactly one block with its dump
// id, that a set data offset points at that block, and that no block belongs
// to an entry without data or to no entry. Returns errc::data_block_mismatch,
// with the entry in the message.
std::error_code check_data_offsets(const ArchiveHead& head, std::span<const DataBlock> blocks,
                                   protocol::Diagnostics& diagnostics);

}  // namespace wiredump::dumpfmt
