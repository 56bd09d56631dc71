#include "dumpfmt/block_deflater.hpp"

#include <zlib.h>

namespace wiredump::dumpfmt {
namespace {

// Deflates each block with zlib, primed with the previous block's tail and
// ended with a sync flush. The raw deflate stream lives as long as its
// thread: resetting it for each block, rather than creating it anew, spares
// the allocation and first-touch page faults of its tables (about 256 KiB at
// memLevel 8) for every block.
class ZlibBlockDeflater final : public BlockDeflater {
public:
    explicit ZlibBlockDeflater(int level) {
        ready_ = deflateInit2(&stream_, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
    }
    ~ZlibBlockDeflater() override {
        if (ready_) deflateEnd(&stream_);
    }
    ZlibBlockDeflater(const ZlibBlockDeflater&) = delete;
    ZlibBlockDeflater& operator=(const ZlibBlockDeflater&) = delete;

    bool ready() const { return ready_; }

    bool deflate(DeflateBlock& block) override;

private:
    z_stream stream_{};
    bool ready_ = false;
};

bool ZlibBlockDeflater::deflate(DeflateBlock& block) {
    block.adler = static_cast<std::uint32_t>(adler32(1, block.input.data(), static_cast<uInt>(block.input.size())));

    if (deflateReset(&stream_) != Z_OK) {
        return false;
    }
    if (!block.dictionary.empty() &&
        deflateSetDictionary(&stream_, block.dictionary.data(), static_cast<uInt>(block.dictionary.size())) != Z_OK) {
        return false;
    }

    // The sync flush ends the block on a byte boundary without marking it
    // final. The output buffer is larger than deflateBound plus the flush
    // marker, so one call consumes all input, and avail_out == 0 would mean
    // that did not happen. It starts uninitialized because only the bytes
    // deflate writes are kept.
    const std::size_t capacity = deflateBound(&stream_, static_cast<uLong>(block.input.size())) + 16;
    block.output = std::make_unique_for_overwrite<std::uint8_t[]>(capacity);
    stream_.next_in = block.input.data();
    stream_.avail_in = static_cast<uInt>(block.input.size());
    stream_.next_out = block.output.get();
    stream_.avail_out = static_cast<uInt>(capacity);
    const int result = ::deflate(&stream_, Z_SYNC_FLUSH);
    block.output_size = capacity - stream_.avail_out;
    return (result == Z_OK || result == Z_BUF_ERROR) && stream_.avail_in == 0 && stream_.avail_out != 0;
}

}  // namespace

std::unique_ptr<BlockDeflater> make_zlib_block_deflater(int level) {
    auto deflater = std::make_unique<ZlibBlockDeflater>(level);
    if (!deflater->ready()) {
        return nullptr;
    }
    return deflater;
}

std::unique_ptr<BlockDeflater> make_block_deflater(DeflateEngine engine, int level) {
    if (engine == DeflateEngine::libdeflate) {
        return make_libdeflate_block_deflater(level);
    }
    return make_zlib_block_deflater(level);
}

}  // namespace wiredump::dumpfmt
