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

class Deflater;

// Compresses one member into a single zlib stream with several threads, the
// way pigz does. The input is cut into blocks that are deflated independently
// as raw deflate data. Each block is primed with the last 32 KiB of the
// previous block as its dictionary, and a sync flush ends it on a byte
// boundary, so the pieces join. The calling thread writes the zlib header,
// the blocks in order, an empty final block and the Adler-32 of the whole
// input (combined from each block's Adler-32 with adler32_combine), so readers
// see one ordinary zlib stream with nothing after it.
//
// The output is not byte-identical to ZlibCompressor's, and it is slightly
// larger, because matches cannot reach back across a block start beyond the
// 32 KiB dictionary and each sync flush adds 4 or 5 bytes.
//
// Concurrency: write() only copies input into the current block. A full block
// is queued for the workers and write() returns to the caller (the COPY
// reader) at once, unless the pool is full. The caller's thread is the only
// one that touches the sink: it writes finished blocks in input order,
// whenever the oldest one is done.
//
// Memory bound: at most 2 * threads blocks, and never more than
// max_blocks_in_flight, are queued, being compressed or waiting to be
// written. When that limit is reached, write() waits for the oldest block, so
// the reader slows down to the compressors' pace. Each block holds its input
// (block_size), a 32 KiB dictionary and its output (at most
// deflateBound(block_size)), so the pool needs about
// 2 * threads * (2 * block_size + 32 KiB) bytes, 18 MiB for 32 threads. Each
// busy worker adds zlib's 256 KiB deflate state.
//
// The worker threads start with the second block. A member that fits in one
// block (a small table or large object) is compressed on the caller's thread
// without starting any thread.
class ParallelZlibCompressor final : public StreamCompressor {
public:
    // The input block size. NOTE: an untuned estimate, chosen so that priming
    // and flushing cost little while a table of a few MiB still keeps every
    // thread busy.
    static constexpr std::size_t default_block_size = 128 * 1024;

    // The cap on blocks in flight, and so on workers, whatever the thread
    // count: with default_block_size blocks and one busy deflate state per
    // block it keeps the pool near 35 MiB, inside the dump's 64 MiB bound.
    // Without the cap, a dump of 250 MiB of rows with -j 256 peaked at
    // 58 MiB on two cores.
    static constexpr std::size_t max_blocks_in_flight = 64;

    ParallelZlibCompressor(ByteSink sink, int level, unsigned threads,
                           std::size_t block_size = default_block_size);
    ~ParallelZlibCompressor() override;

    ParallelZlibCompressor(const ParallelZlibCompressor&) = delete;
    ParallelZlibCompressor& operator=(const ParallelZlibCompressor&) = delete;

    std::error_code write(std::span<const std::uint8_t> input) override;
    std::error_code finish() override;

    // Number of worker threads started so far: 0 until a second block exists.
    std::size_t started_threads() const { return workers_.size(); }

private:
    struct Job {
        std::vector<std::uint8_t> input;
        std::vector<std::uint8_t> dictionary;
        std::unique_ptr<std::uint8_t[]> output;
        std::size_t output_size = 0;
        std::size_t input_size = 0;
        std::uint32_t adler = 1;  // Adler-32 of this block's input alone
        bool done = false;
        bool failed = false;
    };

    void start_workers();
    void run_worker();
    static void compress_job(Job& job, Deflater& deflater);

    std::error_code submit_block(bool last);
    std::error_code emit_oldest(bool wait);
    std::error_code emit_finished_jobs();
    std::error_code emit(std::span<const std::uint8_t> bytes);
    std::error_code flush_staging();

    ByteSink sink_;
    int level_;
    unsigned threads_;
    std::size_t block_size_;
    std::size_t max_jobs_in_flight_;

    std::vector<std::uint8_t> block_;          // input of the block being filled
    std::vector<std::uint8_t> staging_;        // output gathered into pieces of max_chunk_size
    std::vector<std::uint8_t> previous_tail_;  // last 32 KiB of the previous block's input
    std::uint32_t adler_ = 1;                  // Adler-32 of the input of every block written
    bool header_written_ = false;
    bool finished_ = false;

    std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable job_done_;
    std::deque<std::shared_ptr<Job>> queued_;    // waiting for a worker
    std::deque<std::shared_ptr<Job>> in_order_;  // every job not yet written, oldest first
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

}  // namespace wiredump::dumpfmt
