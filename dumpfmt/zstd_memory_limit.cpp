#include "dumpfmt/zstd_memory_limit.hpp"

// The ZSTD_estimate*Size functions and ZSTD_CCtx_params belong to libzstd's
// advanced API, which the shared library of Debian 12 (1.5.4) exports too.
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

namespace wiredump::dumpfmt {
namespace {

// libzstd's window for long-distance matching when no window log is set
// (ZSTD_LDM_DEFAULT_WINDOW_LOG), which is also the largest window a decoder
// accepts without ZSTD_d_windowLogMax.
constexpr int long_distance_window_log = 27;

// The smallest logs the fitting lowers to: a 1 MiB window and tables of 64K
// entries, where zstd still compresses like its fast levels.
constexpr int min_window_log = 20;
constexpr int min_table_log = 16;

// libzstd's smallest job (ZSTDMT_JOBSIZE_MIN). Smaller values are raised to it.
constexpr std::size_t min_job_size = 512 * 1024;

// Each job covers two windows. libzstd's own default is four windows, which
// doubles the job buffers, and fewer than two makes every job reload a
// window of overlap for little new input.
std::size_t job_size_for(int window_log) {
    return std::max(min_job_size, std::size_t{2} << window_log);
}

std::size_t estimate_bytes(int level, bool long_distance, const ZstdLimits& limits) {
    ZSTD_CCtx_params* params = ZSTD_createCCtxParams();
    if (params == nullptr) return SIZE_MAX;
    ZSTD_CCtxParams_init(params, level);
    ZSTD_CCtxParams_setParameter(params, ZSTD_c_windowLog, limits.window_log);
    ZSTD_CCtxParams_setParameter(params, ZSTD_c_chainLog, limits.chain_log);
    ZSTD_CCtxParams_setParameter(params, ZSTD_c_hashLog, limits.hash_log);
    if (long_distance) {
        // The estimate functions divide by the long-distance parameters
        // without filling in their defaults as compression does, so they get
        // the values libzstd 1.5 derives from the window (ZSTD_ldm_adjustParameters).
        ZSTD_CCtxParams_setParameter(params, ZSTD_c_enableLongDistanceMatching, 1);
        ZSTD_CCtxParams_setParameter(params, ZSTD_c_ldmHashLog, std::max(6, limits.window_log - 7));
        ZSTD_CCtxParams_setParameter(params, ZSTD_c_ldmHashRateLog, 7);
        ZSTD_CCtxParams_setParameter(params, ZSTD_c_ldmMinMatch, 64);
        ZSTD_CCtxParams_setParameter(params, ZSTD_c_ldmBucketSizeLog, 3);
    }

    std::size_t bytes = 0;
    if (limits.workers == 0) {
        // The window buffer and the stream's input and output buffers included.
        bytes = ZSTD_estimateCStreamSize_usingCCtxParams(params);
    } else {
        // Each worker has a context with its tables and writes a job's
        // output. The input waits in a round buffer of about workers + 3
        // jobs, and every job but the first also reads a window of overlap.
        const std::size_t workers = static_cast<std::size_t>(limits.workers);
        const std::size_t context = ZSTD_estimateCCtxSize_usingCCtxParams(params);
        bytes = workers * (context + ZSTD_compressBound(limits.job_size)) + (workers + 3) * limits.job_size +
                (std::size_t{1} << limits.window_log);
    }
    ZSTD_freeCCtxParams(params);
    return ZSTD_isError(bytes) ? SIZE_MAX : bytes;
}

// Lowers by one the log whose reduction saves the most memory. Returns false
// when every log is at its minimum or no reduction saves anything.
bool lower_one_log(int level, bool long_distance, ZstdLimits& limits) {
    const std::array<int ZstdLimits::*, 3> logs{&ZstdLimits::chain_log, &ZstdLimits::hash_log,
                                                &ZstdLimits::window_log};
    ZstdLimits best = limits;
    for (int ZstdLimits::*log : logs) {
        const int floor = log == &ZstdLimits::window_log ? min_window_log : min_table_log;
        if (limits.*log <= floor) continue;

        ZstdLimits candidate = limits;
        candidate.*log -= 1;
        candidate.estimated_bytes = estimate_bytes(level, long_distance, candidate);
        if (candidate.estimated_bytes < best.estimated_bytes) best = candidate;
    }
    if (best.estimated_bytes >= limits.estimated_bytes) return false;
    limits = best;
    return true;
}

// Returns the level's own logs for input of unknown size, with a 2^27-byte
// window for long-distance matching, and one worker per thread, or none for one.
ZstdLimits starting_limits(int level, bool long_distance, unsigned threads) {
    const ZSTD_compressionParameters level_params = ZSTD_getCParams(level, ZSTD_CONTENTSIZE_UNKNOWN, 0);
    ZstdLimits limits;
    limits.window_log = long_distance ? long_distance_window_log : static_cast<int>(level_params.windowLog);
    limits.chain_log = static_cast<int>(level_params.chainLog);
    limits.hash_log = static_cast<int>(level_params.hashLog);
    limits.workers = threads > 1 ? static_cast<int>(threads) : 0;
    return limits;
}

// Joins parts as "a", "a and b" or "a, b and c".
std::string join_parts(const std::vector<std::string>& parts) {
    std::string text;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) text += i + 1 == parts.size() ? " and " : ", ";
        text += parts[i];
    }
    return text;
}

}  // namespace

ZstdLimits fit_zstd_memory(int level, bool long_distance, unsigned threads, std::size_t budget) {
    ZstdLimits limits = starting_limits(level, long_distance, threads);

    // Workers go first, one at a time, down to none.
    while (true) {
        limits.job_size = limits.workers > 0 ? job_size_for(limits.window_log) : 0;
        limits.estimated_bytes = estimate_bytes(level, long_distance, limits);
        if (limits.estimated_bytes <= budget || limits.workers == 0) break;
        limits.workers -= 1;
    }

    while (limits.estimated_bytes > budget && lower_one_log(level, long_distance, limits)) {
        limits.logs_lowered = true;
    }
    return limits;
}

std::string describe_zstd_limits(int level, bool long_distance, unsigned threads, std::size_t budget,
                                 const ZstdLimits& limits) {
    const ZstdLimits start = starting_limits(level, long_distance, threads);
    std::vector<std::string> parts;
    if (limits.workers < start.workers) {
        parts.push_back(std::to_string(limits.workers) + (limits.workers == 1 ? " worker thread" : " worker threads") +
                        " instead of " + std::to_string(start.workers));
    }
    const std::array<std::pair<const char*, int ZstdLimits::*>, 3> logs{
        {{"window log ", &ZstdLimits::window_log},
         {"chain log ", &ZstdLimits::chain_log},
         {"hash log ", &ZstdLimits::hash_log}}};
    for (const auto& [name, log] : logs) {
        if (limits.*log < start.*log) {
            parts.push_back(name + std::to_string(limits.*log) + " instead of " + std::to_string(start.*log));
        }
    }
    if (parts.empty()) return {};

    return "zstd level " + std::to_string(level) + (long_distance ? " with long-distance matching" : "") +
           " uses " + join_parts(parts) + ", to keep its memory within " +
           std::to_string(budget / (1024 * 1024)) + " MiB";
}

}  // namespace wiredump::dumpfmt
