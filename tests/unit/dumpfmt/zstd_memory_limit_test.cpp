#include "dumpfmt/zstd_memory_limit.hpp"

#include <catch2/catch.hpp>

// ZSTD_getCParams belongs to the advanced API.
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include <initializer_list>
#include <vector>

using namespace wiredump::dumpfmt;

TEST_CASE("zstd limits fit the budget", "[dumpfmt][zstd]") {
    for (bool long_distance : {false, true}) {
        for (unsigned threads : {1u, 2u, 4u, 16u, 64u}) {
            // The negative levels from ZSTD_minCLevel() (-131072) on differ
            // only in speed, so a few of them stand for the rest.
            std::vector<int> levels = {ZSTD_minCLevel(), -1000};
            for (int level = -7; level <= ZSTD_maxCLevel(); ++level) levels.push_back(level);
            for (int level : levels) {
                INFO("level " << level << ", threads " << threads << ", long " << long_distance);
                const ZstdLimits limits = fit_zstd_memory(level, long_distance, threads, zstd_memory_budget);
                const ZSTD_compressionParameters level_params = ZSTD_getCParams(level, ZSTD_CONTENTSIZE_UNKNOWN, 0);

                CHECK(limits.estimated_bytes <= zstd_memory_budget);
                CHECK(limits.workers >= 0);
                CHECK(limits.workers <= static_cast<int>(threads > 1 ? threads : 0));
                CHECK(limits.window_log <= 27);
                CHECK(limits.chain_log <= static_cast<int>(level_params.chainLog));
                CHECK(limits.hash_log <= static_cast<int>(level_params.hashLog));
                if (!long_distance) CHECK(limits.window_log <= static_cast<int>(level_params.windowLog));
                if (limits.workers == 0) CHECK(limits.job_size == 0);
                if (limits.workers > 0) CHECK(limits.job_size >= 512 * 1024);
            }
        }
    }
}

TEST_CASE("zstd limits keep default level", "[dumpfmt][zstd]") {
    // pg_dump's default, level 3, fits on one thread with its own parameters.
    const ZstdLimits limits = fit_zstd_memory(3, false, 1, zstd_memory_budget);
    const ZSTD_compressionParameters level_params = ZSTD_getCParams(3, ZSTD_CONTENTSIZE_UNKNOWN, 0);
    CHECK(limits.window_log == static_cast<int>(level_params.windowLog));
    CHECK(limits.chain_log == static_cast<int>(level_params.chainLog));
    CHECK(limits.hash_log == static_cast<int>(level_params.hashLog));
    CHECK(limits.workers == 0);
}

TEST_CASE("zstd limits drop workers first", "[dumpfmt][zstd]") {
    // Level 19's own tables take more than the budget for one context, so
    // every worker goes before any log is lowered.
    const ZstdLimits limits = fit_zstd_memory(19, false, 8, zstd_memory_budget);
    CHECK(limits.workers == 0);

    // Level 1 is small enough for eight workers.
    const ZstdLimits fast = fit_zstd_memory(1, false, 8, zstd_memory_budget);
    CHECK(fast.workers == 8);
}

TEST_CASE("zstd limits with tiny budget", "[dumpfmt][zstd]") {
    // A budget below what the smallest logs need stops at those logs.
    const ZstdLimits limits = fit_zstd_memory(19, true, 4, 1024);
    CHECK(limits.workers == 0);
    CHECK(limits.window_log == 20);
    CHECK(limits.estimated_bytes > 1024);
}
