#include "dumpfmt/archive_reader.hpp"

#include "dumpfmt/encoding.hpp"
#include "dumpfmt/errc.hpp"
#include "dumpfmt/stream_decompressor.hpp"

#include <map>

namespace wiredump::dumpfmt {

std::error_code parse_archive_head(std::span<const std::uint8_t> bytes, ArchiveHead& out,
                                   protocol::Diagnostics& diagnostics) {
    std::size_t header_size = 0;
    if (auto error = parse_header(bytes, out.header, header_size, diagnostics)) {
        return error;
    }

    std::size_t toc_size = 0;
    if (auto error = parse_toc(bytes.subspan(header_size), header_size, out.header.version,
                               out.header.integer_size, out.header.offset_size, out.toc, toc_size,
                               diagnostics)) {
        return error;
    }

    out.data_start = header_size + toc_size;
    return {};
}

namespace {

// Copies the reader's message into diagnostics and returns the error.
std::error_code report(const ByteReader& reader, std::error_code error, protocol::Diagnostics& diagnostics) {
    diagnostics.set_client_message(reader.error_message());
    return error;
}

// Puts the archive position in front of a decompressor's message.
std::error_code report_stream(std::string_view place, std::size_t offset, std::error_code error,
                              protocol::Diagnostics& diagnostics) {
    diagnostics.set_client_message(std::string(place) + " at archive byte " + std::to_string(offset) + ": " +
                                   diagnostics.client_message());
    return error;
}

// Reads one member: chunks up to the zero length, all fed to one decompressor.
std::error_code read_member(ByteReader& reader, const ArchiveHeader& header, DataBlockVisitor& visitor,
                            protocol::Diagnostics& diagnostics) {
    auto data_sink = [&visitor](std::span<const std::uint8_t> data) { return visitor.on_data(data); };
    std::unique_ptr<StreamDecompressor> decompressor;
    if (auto error = make_stream_decompressor(header.compression.algorithm, data_sink, decompressor, diagnostics)) {
        return error;
    }

    while (true) {
        const std::size_t chunk_offset = reader.offset();
        std::int32_t length = 0;
        if (auto error = reader.read_int32(length, "chunk length")) {
            return report(reader, error, diagnostics);
        }
        if (length == 0) {
            break;
        }
        if (length < 0) {
            auto error = reader.fail(errc::invalid_chunk_length, chunk_offset, "chunk length",
                                     "the length is " + std::to_string(length));
            return report(reader, error, diagnostics);
        }

        std::span<const std::uint8_t> chunk;
        if (auto error = reader.read_view(static_cast<std::size_t>(length), chunk, "chunk data")) {
            return report(reader, error, diagnostics);
        }
        if (auto error = visitor.on_chunk(chunk.size())) {
            return error;
        }
        if (auto error = decompressor->write(chunk, diagnostics)) {
            return report_stream("in the chunk", chunk_offset, error, diagnostics);
        }
    }

    if (auto error = decompressor->finish(diagnostics)) {
        const std::size_t end_marker_offset = reader.offset() - (1 + static_cast<std::size_t>(header.integer_size));
        return report_stream("at the end marker", end_marker_offset, error, diagnostics);
    }
    return visitor.on_member_end();
}

std::error_code read_blobs_payload(ByteReader& reader, const ArchiveHeader& header, DataBlockVisitor& visitor,
                                   protocol::Diagnostics& diagnostics) {
    while (true) {
        std::uint32_t oid = 0;
        if (auto error = reader.read_oid(oid, "large object OID")) {
            return report(reader, error, diagnostics);
        }
        if (oid == 0) {
            return {};
        }
        if (auto error = visitor.on_member(oid)) {
            return error;
        }
        reader.set_context("large object " + std::to_string(oid));
        if (auto error = read_member(reader, header, visitor, diagnostics)) {
            return error;
        }
    }
}

}  // namespace

std::error_code read_data_block(std::span<const std::uint8_t> archive, std::size_t offset,
                                const ArchiveHeader& header, DataBlockVisitor& visitor,
                                std::size_t& end_offset, protocol::Diagnostics& diagnostics) {
    if (offset > archive.size()) {
        diagnostics.set_client_message("data block offset " + std::to_string(offset) +
                                       " is beyond the end of the archive (" + std::to_string(archive.size()) +
                                       " bytes)");
        return errc::truncated;
    }

    ByteReader reader(archive.subspan(offset), offset);
    reader.set_sizes(header.integer_size, header.offset_size);
    reader.set_context("data block");

    std::uint8_t type = 0;
    if (auto error = reader.read_byte(type, "block type")) {
        return report(reader, error, diagnostics);
    }
    if (type != static_cast<std::uint8_t>(BlockType::data) && type != static_cast<std::uint8_t>(BlockType::blobs)) {
        auto error = reader.fail(errc::unknown_block_type, offset, "block type",
                                 "type " + std::to_string(type) + " is neither 1 (data) nor 3 (BLOBS)");
        return report(reader, error, diagnostics);
    }

    std::int32_t dump_id = 0;
    if (auto error = reader.read_int32(dump_id, "block dump id")) {
        return report(reader, error, diagnostics);
    }
    reader.set_context("data block of dump id " + std::to_string(dump_id));

    const auto block_type = static_cast<BlockType>(type);
    if (auto error = visitor.on_block(block_type, dump_id, offset)) {
        return error;
    }

    std::error_code error;
    if (block_type == BlockType::blobs) {
        error = read_blobs_payload(reader, header, visitor, diagnostics);
    } else if (!(error = visitor.on_member(std::nullopt))) {
        error = read_member(reader, header, visitor, diagnostics);
    }
    if (error) {
        return error;
    }

    end_offset = reader.offset();
    return {};
}

namespace {

// Collects decoded blocks in memory for read_all_blocks().
class CollectingVisitor final : public DataBlockVisitor {
public:
    explicit CollectingVisitor(std::vector<DataBlock>& blocks) : blocks_(blocks) {}

    std::error_code on_block(BlockType type, int dump_id, std::size_t offset) override {
        blocks_.push_back({type, dump_id, offset, {}});
        return {};
    }

    std::error_code on_member(std::optional<std::uint32_t> large_object_oid) override {
        blocks_.back().members.push_back({large_object_oid, {}, {}});
        return {};
    }

    std::error_code on_chunk(std::size_t compressed_size) override {
        blocks_.back().members.back().chunk_sizes.push_back(compressed_size);
        return {};
    }

    std::error_code on_data(std::span<const std::uint8_t> data) override {
        auto& member = blocks_.back().members.back().data;
        member.insert(member.end(), data.begin(), data.end());
        return {};
    }

private:
    std::vector<DataBlock>& blocks_;
};

}  // namespace

std::error_code read_all_blocks(std::span<const std::uint8_t> archive, const ArchiveHead& head,
                                std::vector<DataBlock>& out, protocol::Diagnostics& diagnostics) {
    out.clear();
    CollectingVisitor visitor(out);

    std::size_t offset = head.data_start;
    while (offset < archive.size()) {
        std::size_t next = 0;
        if (auto error = read_data_block(archive, offset, head.header, visitor, next, diagnostics)) {
            return error;
        }
        offset = next;
    }
    return {};
}

std::error_code check_data_offsets(const ArchiveHead& head, std::span<const DataBlock> blocks,
                                   protocol::Diagnostics& diagnostics) {
    std::map<int, const DataBlock*> block_by_id;
    for (const DataBlock& block : blocks) {
        if (!block_by_id.emplace(block.dump_id, &block).second) {
            diagnostics.set_client_message("two data blocks have dump id " + std::to_string(block.dump_id) +
                                           ", the second at archive byte " + std::to_string(block.offset));
            return errc::data_block_mismatch;
        }
    }

    std::size_t entries_with_data = 0;
    for (const ParsedTocEntry& parsed : head.toc) {
        const TocEntry& entry = parsed.entry;
        const std::string name = "TOC entry " + std::to_string(entry.dump_id) + " (" + entry.desc + " " +
                                 entry.tag + ")";
        const auto found = block_by_id.find(entry.dump_id);
        const bool offset_has_data = parsed.data_offset.flag != OffsetFlag::no_data;

        if (entry.has_data != offset_has_data) {
            diagnostics.set_client_message(name + " has hadDumper " + (entry.has_data ? "1" : "0") +
                                           " but data offset flag " +
                                           std::to_string(static_cast<int>(parsed.data_offset.flag)));
            return errc::data_block_mismatch;
        }
        if (!entry.has_data) {
            if (found != block_by_id.end()) {
                diagnostics.set_client_message(name + " has no data, but a data block at archive byte " +
                                               std::to_string(found->second->offset) + " has its dump id");
                return errc::data_block_mismatch;
            }
            continue;
        }

        ++entries_with_data;
        if (found == block_by_id.end()) {
            diagnostics.set_client_message(name + " has data, but no data block has its dump id");
            return errc::data_block_mismatch;
        }
        if (parsed.data_offset.flag == OffsetFlag::set && parsed.data_offset.position != found->second->offset) {
            diagnostics.set_client_message(name + " has data offset " + std::to_string(parsed.data_offset.position) +
                                           ", but its block starts at archive byte " +
                                           std::to_string(found->second->offset));
            return errc::data_block_mismatch;
        }
    }

    if (entries_with_data != block_by_id.size()) {
        diagnostics.set_client_message(std::to_string(block_by_id.size()) + " data blocks for " +
                                       std::to_string(entries_with_data) +
                                       " TOC entries with data, so some blocks belong to no entry");
        return errc::data_block_mismatch;
    }
    return {};
}

}  // namespace wiredump::dumpfmt
