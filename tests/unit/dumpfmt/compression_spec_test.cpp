#include "dumpfmt/archive_version.hpp"
#include "dumpfmt/compression_spec.hpp"
#include "dumpfmt/errc.hpp"
#include "dumpfmt/header.hpp"

#include <catch2/catch.hpp>

using namespace wiredump::dumpfmt;
using wiredump::protocol::Diagnostics;

namespace {

CompressionSpec parse_spec(std::string_view text) {
    CompressionSpec spec;
    Diagnostics diagnostics;
    INFO("value \"" << text << "\": " << diagnostics.client_message());
    REQUIRE_FALSE(parse_compression_spec(text, spec, diagnostics));
    return spec;
}

std::string rejection(std::string_view text) {
    CompressionSpec spec;
    Diagnostics diagnostics;
    INFO("value \"" << text << "\"");
    CHECK(parse_compression_spec(text, spec, diagnostics) == errc::invalid_argument);
    return diagnostics.client_message();
}

}  // namespace

TEST_CASE("compression spec bare integers", "[dumpfmt][compression_spec]") {
    CHECK(parse_spec("0").compression.algorithm == CompressionAlgorithm::none);
    for (int level = 1; level <= 9; ++level) {
        const Compression compression = parse_spec(std::to_string(level)).compression;
        CHECK(compression.algorithm == CompressionAlgorithm::gzip);
        CHECK(compression.level == level);
    }
    // pg_dump accepts the default level -1 spelled out.
    CHECK(parse_spec("-1").compression.level == -1);
}

TEST_CASE("compression spec default levels", "[dumpfmt][compression_spec]") {
    CHECK(parse_spec("none").compression.algorithm == CompressionAlgorithm::none);
    CHECK(parse_spec("none").compression.level == 0);
    CHECK(parse_spec("gzip").compression.level == -1);
    CHECK(parse_spec("lz4").compression.level == 0);
    CHECK(parse_spec("zstd").compression.level == 3);
    CHECK(parse_spec("zstd").compression.algorithm == CompressionAlgorithm::zstd);
    CHECK(parse_spec("lz4").compression.algorithm == CompressionAlgorithm::lz4);
    CHECK_FALSE(parse_spec("zstd").compression.long_distance);
    CHECK_FALSE(parse_spec("zstd").workers);
}

TEST_CASE("compression spec levels and options", "[dumpfmt][compression_spec]") {
    CHECK(parse_spec("gzip:9").compression.level == 9);
    CHECK(parse_spec("gzip:level=1").compression.level == 1);
    CHECK(parse_spec("lz4:5").compression.level == 5);
    CHECK(parse_spec("lz4:level=12").compression.level == 12);
    CHECK(parse_spec("zstd:level=19").compression.level == 19);
    CHECK(parse_spec("zstd:-5").compression.level == -5);
    CHECK(parse_spec("none:0").compression.algorithm == CompressionAlgorithm::none);

    const CompressionSpec long_mode = parse_spec("zstd:long");
    CHECK(long_mode.compression.long_distance);
    CHECK(long_mode.compression.level == 3);
    CHECK_FALSE(parse_spec("zstd:long=off").compression.long_distance);
    CHECK(parse_spec("zstd:long=YES").compression.long_distance);

    const CompressionSpec combined = parse_spec("zstd:level=19,long,workers=4");
    CHECK(combined.compression.level == 19);
    CHECK(combined.compression.long_distance);
    CHECK(combined.workers == 4u);
    CHECK(combined.compression.threads == 1u);
}

TEST_CASE("compression spec rejections", "[dumpfmt][compression_spec]") {
    CHECK(rejection("").find("the value is empty") != std::string::npos);
    CHECK(rejection("xz").find("unknown method \"xz\"") != std::string::npos);
    CHECK(rejection("GZIP").find("unknown method \"GZIP\"") != std::string::npos);
    CHECK(rejection("10").find("gzip level 10 is outside 1..9") != std::string::npos);
    CHECK(rejection("gzip:0").find("gzip level 0 is outside 1..9;") != std::string::npos);
    CHECK(rejection("lz4:13").find("lz4 level 13 is outside 1..12;") != std::string::npos);
    CHECK(rejection("zstd:level=23").find("zstd level 23 is outside") != std::string::npos);
    CHECK(rejection("none:1").find("none takes no level") != std::string::npos);
    CHECK(rejection("gzip:").find("an option name is empty") != std::string::npos);
    CHECK(rejection("zstd:level=1,").find("an option name is empty") != std::string::npos);
    CHECK(rejection("zstd:level").find("option \"level\" needs an integer value") != std::string::npos);
    CHECK(rejection("zstd:level=x").find("option \"level\" needs an integer value") != std::string::npos);
    CHECK(rejection("zstd:speed=3").find("unknown option \"speed\"") != std::string::npos);
    CHECK(rejection("zstd:long=maybe").find("option \"long\" takes on, off") != std::string::npos);
    CHECK(rejection("zstd:workers=-1").find("workers=-1 is outside 0..256") != std::string::npos);
    CHECK(rejection("gzip:long").find("gzip takes no long or workers option") != std::string::npos);
    CHECK(rejection("lz4:workers=2").find("lz4 takes no long or workers option") != std::string::npos);
}

TEST_CASE("compression spec message lists forms", "[dumpfmt][compression_spec]") {
    const std::string message = rejection("brotli:3");
    CHECK(message.find("invalid compression \"brotli:3\"") == 0);
    CHECK(message.find("zstd[:LEVEL]") != std::string::npos);
}

TEST_CASE("written version parsing", "[dumpfmt][archive_version]") {
    Diagnostics diagnostics;
    ArchiveVersion version;
    REQUIRE_FALSE(parse_written_version("1.15", version, diagnostics));
    CHECK(version == version_1_15);
    REQUIRE_FALSE(parse_written_version("1.16.0", version, diagnostics));
    CHECK(version == version_1_16);
    CHECK(parse_written_version("1.12", version, diagnostics) == errc::invalid_argument);
    CHECK(diagnostics.client_message().find("invalid archive version \"1.12\"") != std::string::npos);
    CHECK(parse_written_version("1.16.1", version, diagnostics) == errc::invalid_argument);
}

TEST_CASE("written version defaults", "[dumpfmt][archive_version]") {
    Diagnostics diagnostics;
    ArchiveVersion version;
    REQUIRE_FALSE(choose_written_version(CompressionAlgorithm::none, std::nullopt, version, diagnostics));
    CHECK(version == version_1_14);
    REQUIRE_FALSE(choose_written_version(CompressionAlgorithm::gzip, std::nullopt, version, diagnostics));
    CHECK(version == version_1_14);
    REQUIRE_FALSE(choose_written_version(CompressionAlgorithm::lz4, std::nullopt, version, diagnostics));
    CHECK(version == version_1_15);
    REQUIRE_FALSE(choose_written_version(CompressionAlgorithm::zstd, std::nullopt, version, diagnostics));
    CHECK(version == version_1_15);
    REQUIRE_FALSE(choose_written_version(CompressionAlgorithm::gzip, version_1_16, version, diagnostics));
    CHECK(version == version_1_16);
    REQUIRE_FALSE(choose_written_version(CompressionAlgorithm::zstd, version_1_16, version, diagnostics));
    CHECK(version == version_1_16);
}

TEST_CASE("written version rejects zstd in 1.14", "[dumpfmt][archive_version]") {
    Diagnostics diagnostics;
    ArchiveVersion version;
    CHECK(choose_written_version(CompressionAlgorithm::zstd, version_1_14, version, diagnostics) ==
          errc::invalid_argument);
    CHECK(diagnostics.client_message().find("archive version 1.14 cannot store zstd") != std::string::npos);
    CHECK(diagnostics.client_message().find("--archive-version=1.15") != std::string::npos);
}

TEST_CASE("pg_restore majors per version", "[dumpfmt][archive_version]") {
    CHECK(first_pg_restore_major(version_1_14) == 12);
    CHECK(first_pg_restore_major(version_1_15) == 16);
    CHECK(first_pg_restore_major(version_1_16) == 17);
}
