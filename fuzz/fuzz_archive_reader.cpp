// libFuzzer target for the custom-format archive reader: header, TOC, data
// blocks and zlib decompression. The only property checked is that no input
// crashes, hangs or trips a sanitizer.
#include "dumpfmt/archive_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace {

// Counts decompressed bytes without keeping them, so that a small input that
// inflates to many megabytes costs no memory.
class DiscardingVisitor final : public wiredump::dumpfmt::DataBlockVisitor {
public:
    std::error_code on_data(std::span<const std::uint8_t> data) override {
        total_ += data.size();
        return {};
    }

private:
    std::size_t total_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace wiredump::dumpfmt;

    const std::span<const std::uint8_t> archive(data, size);
    wiredump::protocol::Diagnostics diagnostics;
    ArchiveHead head;
    if (parse_archive_head(archive, head, diagnostics)) {
        return 0;
    }

    DiscardingVisitor visitor;
    std::size_t offset = head.data_start;
    while (offset < archive.size()) {
        std::size_t next = 0;
        if (read_data_block(archive, offset, head.header, visitor, next, diagnostics)) {
            break;
        }
        offset = next;
    }

    // The collecting reader and the offset check run too, on inputs small
    // enough that keeping the data in memory is cheap.
    if (size < 4096) {
        std::vector<DataBlock> blocks;
        if (!read_all_blocks(archive, head, blocks, diagnostics)) {
            check_data_offsets(head, blocks, diagnostics);
        }
    }
    return 0;
}
