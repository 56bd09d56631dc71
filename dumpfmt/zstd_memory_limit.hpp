#pragma once

#include <cstddef>
#include <string>

namespace wiredump::dumpfmt {

// The memory one zstd stream may use, its worker threads included. The rest
// of a dump (program, libraries, receive buffer, output) stayed under 12 MiB
// in the memory suite's dumps, so with this budget the peak RSS stays under
// 64 MiB.
inline constexpr std::size_t zstd_memory_budget = 40 * 1024 * 1024;

// The zstd parameters that ZstdCompressor sets so that one stream fits a
// memory budget. Every value only lowers what the level would use, and
// windows never exceed 2^27 bytes, so any zstd decoder with default limits
// (pg_restore's among them) reads the frames.
struct ZstdLimits {
    int window_log = 0;
    int chain_log = 0;
    int hash_log = 0;
    int workers = 0;                  // ZSTD_c_nbWorkers: 0 compresses on the caller's thread
    std::size_t job_size = 0;         // ZSTD_c_jobSize, set only with workers
    std::size_t estimated_bytes = 0;  // the estimate the limits were fitted to
    bool logs_lowered = false;        // the window, chain or hash log is below its starting value
};

// Fits zstd's parameters for `level` into budget bytes. It starts from the
// level's own parameters for input of unknown size (a 2^27-byte window with
// long-distance matching) and `threads` workers (none for 1). It first gives
// up workers, so the output keeps the level's compression ratio, and only
// then lowers the hash, chain and window logs of a single-threaded stream.
//
// NOTE: for one context the estimate comes from libzstd's
// ZSTD_estimate*Size functions. With workers it adds a formula for the job
// buffers (input, output and a round buffer of about workers + 3 jobs). That
// formula was checked against peaks measured with libzstd 1.5.4, not derived
// from libzstd's code.
ZstdLimits fit_zstd_memory(int level, bool long_distance, unsigned threads, std::size_t budget);

// Describes, for the verbose log, which workers and logs `limits` give up
// against the values fit_zstd_memory() starts from for the same level,
// long-distance mode and threads to fit budget bytes. Returns "" when they
// give up nothing.
std::string describe_zstd_limits(int level, bool long_distance, unsigned threads, std::size_t budget,
                                 const ZstdLimits& limits);

}  // namespace wiredump::dumpfmt
