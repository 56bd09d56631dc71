#pragma once

#include "dumpfmt/block_deflater.hpp"
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
// as raw deflate data that ends on a byte boundary in a non-final block, so
// the pieces join. With the zlib engine, each block is primed with the last
// 32 KiB of the previous block as its dictionary and a sync flush ends it.
// With the libdeflate engine, each block is compressed on its own and then
// spliced (see DeflateSplicer). The calling thread writes the zlib header,
// the blocks in order, an empty final block and the Adler-32 of the whole
// input (combined from each block's Adler-32 with adler32_combine), so readers
// see one ordinary zlib stream with nothing after it.
//
// With the zlib engine, the output is not byte-identical to ZlibCompressor's,
// and it is slightly larger, because matches cannot reach back across a block
// start beyond the 32 KiB dictionary and each sync flush adds 4 or 5 bytes.
// The libdeflate engine's matches never cross a block start, but its larger
// blocks and better parsing make up for that. On 19 MB of mixed COPY text,
// its level 6 came out smaller than zlib's level 9 at about a quarter of the
// CPU time.
//
// Concurrency: write() only copies input into the current block. A full block
// is queued for the workers and write() returns to the caller (the COPY
// reader) at once, unless the pool is full. The caller's thread is the only
// one that touches the sink: it writes finished blocks in input order,
// whenever the oldest one is done.
//
// Memory bound: at most 2 * threads blocks, and never more than
// max_blocks_in_flight blocks of default_block_size (fewer when blocks are
// larger), are queued, being compressed or waiting to be written. When that
// limit is reached, write() waits for the oldest block, so the reader slows
// down to the compressors' pace. Each block holds its input (block_size), a
// 32 KiB dictionary (zlib engine only) and its output (at most the engine's
// bound for block_size), so the pool needs about
// 2 * threads * (2 * block_size + 32 KiB) bytes, 18 MiB for 32 threads with
// zlib, and at most 8 blocks of 1 MiB, about 16 MiB, with libdeflate. Each
// busy worker adds the engine's state: 256 KiB for zlib, somewhat more for
// libdeflate.
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

    // The libdeflate engine's input block size. Without a dictionary, small
    // blocks lose compression at every block start; 1 MiB blocks gave a
    // smaller stream than zlib's level 9 on 19 MB of mixed COPY text.
    static constexpr std::size_t default_libdeflate_block_size = 1024 * 1024;

    // The cap on blocks of default_block_size in flight, and so on workers,
    // whatever the thread count; larger blocks lower it in proportion. With
    // one busy deflate state per block it keeps the pool near 35 MiB, inside
    // the dump's 64 MiB bound. Without the cap, a dump of 250 MiB of rows
    // with -j 256 peaked at 58 MiB on two cores.
    static constexpr std::size_t max_blocks_in_flight = 64;

    ParallelZlibCompressor(ByteSink sink, int level, unsigned threads,
                           std::size_t block_size = default_block_size);
    // With `engine`; a block_size of 0 picks the engine's default.
    ParallelZlibCompressor(ByteSink sink, int level, unsigned threads, DeflateEngine engine,
                           std::size_t block_size = 0);
    ~ParallelZlibCompressor() override;

    ParallelZlibCompressor(const ParallelZlibCompressor&) = delete;
    ParallelZlibCompressor& operator=(const ParallelZlibCompressor&) = delete;

    std::error_code write(std::span<const std::uint8_t> input) override;
    std::error_code finish() override;

    // Number of worker threads started so far: 0 until a second block exists.
    std::size_t started_threads() const { return workers_.size(); }

private:
    struct Job {
        DeflateBlock block;
        std::size_t input_size = 0;
        bool done = false;
        bool failed = false;
    };

    void start_workers();
    void run_worker();
    static void compress_job(Job& job, BlockDeflater* deflater);

    std::error_code submit_block(bool last);
    std::error_code emit_oldest(bool wait);
    std::error_code emit_finished_jobs();
    std::error_code emit(std::span<const std::uint8_t> bytes);
    std::error_code flush_staging();

    ByteSink sink_;
    int level_;
    DeflateEngine engine_;
    unsigned threads_ = 1;
    std::size_t block_size_ = default_block_size;
    std::size_t max_jobs_in_flight_ = 2;

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
