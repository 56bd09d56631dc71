#pragma once

#include "dumpfmt/stream_compressor.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace wiredump::dumpfmt {

// Compresses one member into a single zlib stream with several threads, the
// way pigz does. The input is cut into blocks that are deflated independently
// as raw deflate data, each primed with the last 32 KiB of the previous block
// as its dictionary and ended with a sync flush so that the pieces join
// byte-aligned. The calling thread writes the zlib header, the blocks in
// order, an empty final block and the Adler-32 of the whole input, so readers
// see one ordinary zlib stream.
//
// The output is not byte-identical to ZlibCompressor's, and it is slightly
// larger, because matches cannot cross a block start beyond the 32 KiB
// dictionary and each sync flush adds 4 or 5 bytes.
//
// Memory is bounded: at most 2 * threads blocks are queued or being
// compressed, and write() waits for the oldest block when that limit is
// reached.
class ParallelZlibCompressor final : public StreamCompressor {
public:
    // The input block size. NOTE: an untuned estimate, chosen so that priming
    // and flushing cost little while a table of a few MiB still keeps every
    // thread busy.
    static constexpr std::size_t default_block_size = 128 * 1024;

    ParallelZlibCompressor(ByteSink sink, int level, unsigned threads,
                           std::size_t block_size = default_block_size);
    ~ParallelZlibCompressor() override;

    ParallelZlibCompressor(const ParallelZlibCompressor&) = delete;
    ParallelZlibCompressor& operator=(const ParallelZlibCompressor&) = delete;

    std::error_code write(std::span<const std::uint8_t> input) override;
    std::error_code finish() override;

private:
    struct Job {
        std::vector<std::uint8_t> input;
        std::vector<std::uint8_t> dictionary;
        std::vector<std::uint8_t> output;
        bool done = false;
        bool failed = false;
    };

    void run_worker();
    static void compress_job(Job& job, int level);

    std::error_code submit_block();
    std::error_code emit_oldest();
    std::error_code emit(std::span<const std::uint8_t> bytes);
    std::error_code flush_staging();

    ByteSink sink_;
    int level_;
    std::size_t block_size_;
    std::size_t max_jobs_in_flight_;

    std::vector<std::uint8_t> block_;    // input of the block being filled
    std::vector<std::uint8_t> staging_;  // output gathered into chunks of max_chunk_size
    std::vector<std::uint8_t> previous_tail_;  // last 32 KiB of the previous block's input
    std::uint32_t adler_ = 1;            // Adler-32 of all input so far
    bool header_written_ = false;
    bool finished_ = false;

    std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable job_done_;
    std::deque<std::shared_ptr<Job>> queued_;     // waiting for a worker
    std::deque<std::shared_ptr<Job>> in_order_;   // every job not yet emitted, oldest first
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

}  // namespace wiredump::dumpfmt
