// Throughput of one data member's compression, the step that bounds pg_dump -Z9
// on large tables. The input imitates COPY text: tab-separated rows with
// numbers, repeated words and some varying digits, so zlib meets the kind of
// redundancy of real table data rather than random bytes or zeros.

#include "dumpfmt/stream_compressor.hpp"

#include <benchmark/benchmark.h>

#include <random>
#include <string>

namespace {

std::string make_copy_text(std::size_t size) {
    static const char* const words[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"};
    std::mt19937 random(42);
    std::string text;
    text.reserve(size + 128);
    for (std::uint64_t row = 1; text.size() < size; ++row) {
        text += std::to_string(row);
        text += '\t';
        text += words[random() % 7];
        text += ' ';
        text += words[random() % 7];
        text += '\t';
        text += std::to_string(random() % 1000000) + "." + std::to_string(random() % 100);
        text += "\t2026-12-0" + std::to_string(1 + random() % 9) + " 10:00:00+00\n";
    }
    return text;
}

void compress_member(benchmark::State& state) {
    const int level = static_cast<int>(state.range(0));
    const auto threads = static_cast<unsigned>(state.range(1));
    const std::string input = make_copy_text(8 * 1024 * 1024);
    std::size_t output_size = 0;

    for (auto _ : state) {
        output_size = 0;
        wiredump::protocol::Diagnostics diagnostics;
        std::unique_ptr<wiredump::dumpfmt::StreamCompressor> compressor;
        auto sink = [&](std::span<const std::uint8_t> bytes) {
            output_size += bytes.size();
            return std::error_code{};
        };
        auto compression = level == 0 ? wiredump::dumpfmt::Compression{}
                                       : wiredump::dumpfmt::Compression::zlib(level, threads);
        if (wiredump::dumpfmt::make_stream_compressor(compression, sink, compressor, diagnostics)) {
            state.SkipWithError("could not create the compressor");
            return;
        }

        // The server sends one CopyData message per row; 64 KiB pieces keep the
        // per-call overhead of this loop out of the measurement.
        const std::size_t piece = 64 * 1024;
        for (std::size_t offset = 0; offset < input.size(); offset += piece) {
            auto length = std::min(piece, input.size() - offset);
            compressor->write({reinterpret_cast<const std::uint8_t*>(input.data() + offset), length});
        }
        compressor->finish();
    }

    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.size()));
    state.counters["ratio"] = static_cast<double>(input.size()) / static_cast<double>(output_size);
}

// Arguments: zlib level, then compression threads. With more than one thread
// the work happens off the benchmark's thread, so only wall time is meaningful.
BENCHMARK(compress_member)
    ->ArgNames({"level", "threads"})
    ->Args({0, 1})
    ->Args({1, 1})
    ->Args({6, 1})
    ->Args({9, 1})
    ->Args({9, 2})
    ->Args({9, 4})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
