#include "dumpfmt/zstd_memory_limit.hpp"

#include <catch2/catch.hpp>

// ZSTD_getCParams belongs to the advanced API.
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include <initializer_list>
#include <string>
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
    CHECK_FALSE(limits.logs_lowered);
}

TEST_CASE("zstd limits drop workers first", "[dumpfmt][zstd]") {
    // Level 19's own tables take more than the budget for one context, so
    // every worker goes before any log is lowered.
    const ZstdLimits limits = fit_zstd_memory(19, false, 8, zstd_memory_budget);
    CHECK(limits.workers == 0);
    CHECK(limits.logs_lowered);

    // Level 1 is small enough for eight workers.
    const ZstdLimits fast = fit_zstd_memory(1, false, 8, zstd_memory_budget);
    CHECK(fast.workers == 8);
    CHECK_FALSE(fast.logs_lowered);
}

TEST_CASE("zstd limits lower long window", "[dumpfmt][zstd]") {
    // Long-distance matching starts from a 2^27-byte window, which needs
    // more than the budget even at level 3.
    const ZstdLimits limits = fit_zstd_memory(3, true, 1, zstd_memory_budget);
    CHECK(limits.window_log < 27);
    CHECK(limits.logs_lowered);
}

TEST_CASE("zstd limits with tiny budget", "[dumpfmt][zstd]") {
    // A budget below what the smallest logs need stops at those logs.
    const ZstdLimits limits = fit_zstd_memory(19, true, 4, 1024);
    CHECK(limits.workers == 0);
    CHECK(limits.window_log == 20);
    CHECK(limits.estimated_bytes > 1024);
}

TEST_CASE("zstd limits description when nothing given up", "[dumpfmt][zstd]") {
    const ZstdLimits limits = fit_zstd_memory(3, false, 1, zstd_memory_budget);
    CHECK(describe_zstd_limits(3, false, 1, zstd_memory_budget, limits).empty());

    const ZstdLimits fast = fit_zstd_memory(1, false, 8, zstd_memory_budget);
    CHECK(describe_zstd_limits(1, false, 8, zstd_memory_budget, fast).empty());
}

TEST_CASE("zstd limits description of workers", "[dumpfmt][zstd]") {
    // Level 1 keeps its logs but not 64 workers.
    const ZstdLimits limits = fit_zstd_memory(1, false, 64, zstd_memory_budget);
    REQUIRE(limits.workers > 1);
    REQUIRE(limits.workers < 64);
    CHECK(describe_zstd_limits(1, false, 64, zstd_memory_budget, limits) ==
          "zstd level 1 uses " + std::to_string(limits.workers) +
              " worker threads instead of 64, to keep its memory within 40 MiB");
}

TEST_CASE("zstd limits description of logs", "[dumpfmt][zstd]") {
    const ZSTD_compressionParameters level_params = ZSTD_getCParams(19, ZSTD_CONTENTSIZE_UNKNOWN, 0);
    const ZstdLimits limits = fit_zstd_memory(19, false, 8, zstd_memory_budget);
    REQUIRE(limits.chain_log < static_cast<int>(level_params.chainLog));

    const std::string text = describe_zstd_limits(19, false, 8, zstd_memory_budget, limits);
    CHECK_THAT(text, Catch::StartsWith("zstd level 19 uses 0 worker threads instead of 8"));
    CHECK_THAT(text, Catch::Contains("chain log " + std::to_string(limits.chain_log) + " instead of " +
                                     std::to_string(level_params.chainLog)));
    CHECK_THAT(text, Catch::EndsWith(", to keep its memory within 40 MiB"));

    const ZstdLimits long_limits = fit_zstd_memory(3, true, 1, zstd_memory_budget);
    CHECK_THAT(describe_zstd_limits(3, true, 1, zstd_memory_budget, long_limits),
               Catch::StartsWith("zstd level 3 with long-distance matching uses window log " +
                                 std::to_string(long_limits.window_log) + " instead of 27"));
}

TEST_CASE("zstd limits description lists every part", "[dumpfmt][zstd]") {
    const ZSTD_compressionParameters level_params = ZSTD_getCParams(19, ZSTD_CONTENTSIZE_UNKNOWN, 0);
    ZstdLimits limits;
    limits.workers = 1;
    limits.window_log = 20;
    limits.chain_log = 16;
    limits.hash_log = 16;
    CHECK(describe_zstd_limits(19, false, 4, 8 * 1024 * 1024, limits) ==
          "zstd level 19 uses 1 worker thread instead of 4, window log 20 instead of " +
              std::to_string(level_params.windowLog) + ", chain log 16 instead of " +
              std::to_string(level_params.chainLog) + " and hash log 16 instead of " +
              std::to_string(level_params.hashLog) + ", to keep its memory within 8 MiB");
}
