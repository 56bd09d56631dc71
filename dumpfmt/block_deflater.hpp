#pragma once

#include "dumpfmt/header.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace wiredump::dumpfmt {

// One block of a member that ParallelZlibCompressor cuts up, with what a
// worker makes of it.
struct DeflateBlock {
    std::vector<std::uint8_t> input;
    // The last 32 KiB of the previous block's input, for engines that prime
    // with it; empty for the first block.
    std::vector<std::uint8_t> dictionary;
    // Raw deflate data that ends in a non-final block on a byte boundary, so
    // the next block's output can follow directly.
    std::unique_ptr<std::uint8_t[]> output;
    std::size_t output_size = 0;
    std::uint32_t adler = 1;  // Adler-32 of this block's input alone
};

// Compresses blocks on one worker thread. Each worker owns one, so the
// engine's state is allocated once per thread rather than once per block.
class BlockDeflater {
public:
    virtual ~BlockDeflater() = default;

    // Fills block.output, block.output_size and block.adler from
    // block.input. Returns false when the engine failed.
    virtual bool deflate(DeflateBlock& block) = 0;
};

// Whether the engine's deflater reads DeflateBlock::dictionary, so that the
// caller copies a dictionary only for an engine that uses it. libdeflate
// has no preset dictionary.
inline bool uses_dictionary(DeflateEngine engine) {
    return engine == DeflateEngine::zlib;
}

// The deflaters of each engine, and the one `engine` names, at zlib level
// `level` (-1..9). Each returns nullptr when the engine could not allocate
// its state.
std::unique_ptr<BlockDeflater> make_zlib_block_deflater(int level);
std::unique_ptr<BlockDeflater> make_libdeflate_block_deflater(int level);
std::unique_ptr<BlockDeflater> make_block_deflater(DeflateEngine engine, int level);

}  // namespace wiredump::dumpfmt
