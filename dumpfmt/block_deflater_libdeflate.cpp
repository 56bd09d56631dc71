#include "dumpfmt/block_deflater.hpp"
#include "dumpfmt/deflate_splice.hpp"

#include <libdeflate.h>

namespace wiredump::dumpfmt {
namespace {

// Deflates each block on its own with libdeflate, then makes its output
// joinable (see DeflateSplicer). libdeflate has no preset dictionary, so
// matches never reach into the previous block, which larger blocks make up
// for.
class LibdeflateBlockDeflater final : public BlockDeflater {
public:
    // zlib's -1 means its default level 6, which libdeflate does not accept.
    explicit LibdeflateBlockDeflater(int level)
        : compressor_(libdeflate_alloc_compressor(level < 0 ? 6 : level)) {}
    ~LibdeflateBlockDeflater() override {
        libdeflate_free_compressor(compressor_);
    }
    LibdeflateBlockDeflater(const LibdeflateBlockDeflater&) = delete;
    LibdeflateBlockDeflater& operator=(const LibdeflateBlockDeflater&) = delete;

    bool ready() const { return compressor_ != nullptr; }

    bool deflate(DeflateBlock& block) override;

private:
    libdeflate_compressor* compressor_;
    DeflateSplicer splicer_;
};

bool LibdeflateBlockDeflater::deflate(DeflateBlock& block) {
    block.adler = libdeflate_adler32(1, block.input.data(), block.input.size());

    // The bound covers any input, so a zero result can only mean failure.
    const std::size_t bound = libdeflate_deflate_compress_bound(compressor_, block.input.size());
    block.output = std::make_unique_for_overwrite<std::uint8_t[]>(bound + splice_extra_bytes);
    const std::size_t size =
        libdeflate_deflate_compress(compressor_, block.input.data(), block.input.size(), block.output.get(), bound);
    if (size == 0) {
        return false;
    }

    const auto joinable = splicer_.make_joinable(block.output.get(), size, block.input.size());
    if (!joinable) {
        return false;
    }
    block.output_size = *joinable;
    return true;
}

}  // namespace

std::unique_ptr<BlockDeflater> make_libdeflate_block_deflater(int level) {
    auto deflater = std::make_unique<LibdeflateBlockDeflater>(level);
    if (!deflater->ready()) {
        return nullptr;
    }
    return deflater;
}

}  // namespace wiredump::dumpfmt
