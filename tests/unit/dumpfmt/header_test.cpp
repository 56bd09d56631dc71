#include "dumpfmt/errc.hpp"
#include "dumpfmt/header.hpp"
#include "test_bytes.hpp"

#include <catch2/catch.hpp>

using namespace wiredump::dumpfmt;
using wiredump::dumpfmt::test::from_hex;
using wiredump::dumpfmt::test::load_archive;
using wiredump::protocol::Diagnostics;
using Bytes = std::vector<std::uint8_t>;

namespace {

// The header of a pg_dump 15.18 archive of database "tiny" made with -Z0 on
// 2026-12-04 at 19:29:16 local time.
const Bytes observed_header = from_hex(R"(
    5047 444d 5001 0e00 0408 0100 0000 0000
    0010 0000 0000 1d00 0000 0013 0000 0000
    0400 0000 000b 0000 0000 7e00 0000 0000
    0000 0000 0400 0000 7469 6e79 001e 0000
    0031 352e 3138 2028 4465 6269 616e 2031
    352e 3138 2d30 2b64 6562 3132 7531 2900
    1e00 0000 3135 2e31 3820 2844 6562 6961
    6e20 3135 2e31 382d 302b 6465 6231 3275
    3129
)");

ArchiveHeader observed_fields() {
    ArchiveHeader header;
    header.created = {16, 29, 19, 4, 11, 126, 0};
    header.database_name = "tiny";
    header.server_version = "15.18 (Debian 15.18-0+deb12u1)";
    header.dumper_version = "15.18 (Debian 15.18-0+deb12u1)";
    return header;
}

}  // namespace

TEST_CASE("header 1.14 matches pg_dump 15 bytes", "[dumpfmt][header]") {
    Bytes out;
    Diagnostics diagnostics;
    REQUIRE_FALSE(append_header(out, observed_fields(), diagnostics));
    CHECK(out == observed_header);
}

TEST_CASE("header compression field before 1.15", "[dumpfmt][header]") {
    ArchiveHeader header = observed_fields();
    Diagnostics diagnostics;

    header.compression = Compression::zlib(9);
    Bytes level_9;
    REQUIRE_FALSE(append_header(level_9, header, diagnostics));
    CHECK(Bytes(level_9.begin() + 11, level_9.begin() + 16) == Bytes{0, 9, 0, 0, 0});

    header.compression = Compression::zlib(-1);
    Bytes default_level;
    REQUIRE_FALSE(append_header(default_level, header, diagnostics));
    CHECK(Bytes(default_level.begin() + 11, default_level.begin() + 16) == Bytes{1, 1, 0, 0, 0});
}

TEST_CASE("header 1.15 stores algorithm byte", "[dumpfmt][header]") {
    ArchiveHeader header = observed_fields();
    header.version = version_1_15;
    header.compression = Compression::zlib(9);
    Bytes out;
    Diagnostics diagnostics;
    REQUIRE_FALSE(append_header(out, header, diagnostics));

    CHECK(out[6] == 15);
    CHECK(out[11] == 1);
    // One byte instead of a five-byte int: four bytes shorter than 1.14.
    CHECK(out.size() == observed_header.size() - 4);

    ArchiveHeader parsed;
    std::size_t consumed = 0;
    REQUIRE_FALSE(parse_header(out, parsed, consumed, diagnostics));
    CHECK(consumed == out.size());
    CHECK(parsed.compression.algorithm == CompressionAlgorithm::gzip);
    CHECK_FALSE(parsed.stored_level.has_value());
    CHECK(parsed.created.years_since_1900 == 126);
    CHECK(parsed.database_name == "tiny");
}

TEST_CASE("header algorithm byte per version", "[dumpfmt][header]") {
    const std::pair<Compression, std::uint8_t> cases[] = {
        {Compression{}, 0},
        {Compression::zlib(-1), 1},
        {Compression{CompressionAlgorithm::lz4, 0}, 2},
        {Compression{CompressionAlgorithm::zstd, 19, 4, true}, 3},
    };
    for (const ArchiveVersion& version : {version_1_15, version_1_16}) {
        for (const auto& [compression, byte] : cases) {
            INFO("version " << version.to_string() << ", algorithm byte " << int(byte));
            ArchiveHeader header = observed_fields();
            header.version = version;
            header.compression = compression;
            Bytes out;
            Diagnostics diagnostics;
            REQUIRE_FALSE(append_header(out, header, diagnostics));
            CHECK(Bytes(out.begin(), out.begin() + 12) ==
                  Bytes{'P', 'G', 'D', 'M', 'P', 1, version.minor, 0, 4, 8, 1, byte});
            // The first tm field follows the byte at once: no level is stored.
            CHECK(Bytes(out.begin() + 12, out.begin() + 17) == Bytes{0, 16, 0, 0, 0});

            ArchiveHeader parsed;
            std::size_t consumed = 0;
            REQUIRE_FALSE(parse_header(out, parsed, consumed, diagnostics));
            CHECK(parsed.compression.algorithm == compression.algorithm);
        }
    }
}

TEST_CASE("header writer rejects bad values", "[dumpfmt][header]") {
    Diagnostics diagnostics;
    Bytes out;

    ArchiveHeader old_version = observed_fields();
    old_version.version = {1, 11, 0};
    CHECK(append_header(out, old_version, diagnostics) == errc::invalid_argument);

    ArchiveHeader zstd_in_1_14 = observed_fields();
    zstd_in_1_14.compression = {CompressionAlgorithm::zstd, 3};
    CHECK(append_header(out, zstd_in_1_14, diagnostics) == errc::invalid_argument);

    ArchiveHeader zlib_level_0 = observed_fields();
    zlib_level_0.compression = Compression::zlib(0);
    CHECK(append_header(out, zlib_level_0, diagnostics) == errc::invalid_argument);

    ArchiveHeader int_size_8 = observed_fields();
    int_size_8.integer_size = 8;
    CHECK(append_header(out, int_size_8, diagnostics) == errc::invalid_argument);
    CHECK(diagnostics.client_message() ==
          "cannot write intSize 8 and offSize 8: wiredump writes intSize 4 and offSize 8");

    CHECK(out.empty());
}

TEST_CASE("header parser reads observed bytes", "[dumpfmt][header]") {
    ArchiveHeader parsed;
    std::size_t consumed = 0;
    Diagnostics diagnostics;
    REQUIRE_FALSE(parse_header(observed_header, parsed, consumed, diagnostics));

    CHECK(consumed == 130);
    CHECK(parsed.version == version_1_14);
    CHECK(parsed.integer_size == 4);
    CHECK(parsed.offset_size == 8);
    CHECK(parsed.compression.algorithm == CompressionAlgorithm::none);
    CHECK(parsed.stored_level == 0);
    CHECK(parsed.created.second == 16);
    CHECK(parsed.created.minute == 29);
    CHECK(parsed.created.hour == 19);
    CHECK(parsed.created.day_of_month == 4);
    CHECK(parsed.created.month == 11);
    CHECK(parsed.created.years_since_1900 == 126);
    CHECK(parsed.database_name == "tiny");
    CHECK(parsed.server_version == "15.18 (Debian 15.18-0+deb12u1)");
}

TEST_CASE("header of real archives round trips", "[dumpfmt][header]") {
    for (const char* name : {"tiny_z0.dump", "tiny_z9.dump", "tiny_pipe.dump", "tiny_schema.dump"}) {
        INFO(name);
        const Bytes archive = load_archive(name);
        REQUIRE(archive.size() > 100);

        ArchiveHeader parsed;
        std::size_t consumed = 0;
        Diagnostics diagnostics;
        REQUIRE_FALSE(parse_header(archive, parsed, consumed, diagnostics));

        Bytes encoded;
        REQUIRE_FALSE(append_header(encoded, parsed, diagnostics));
        CHECK(encoded == Bytes(archive.begin(), archive.begin() + static_cast<std::ptrdiff_t>(consumed)));
    }
}

TEST_CASE("header compression level of real archives", "[dumpfmt][header]") {
    const std::pair<const char*, int> cases[] = {
        {"tiny_z0.dump", 0}, {"tiny_z9.dump", 9}, {"tiny_pipe.dump", -1}, {"tiny_schema.dump", -1}};
    for (const auto& [name, level] : cases) {
        INFO(name);
        ArchiveHeader parsed;
        std::size_t consumed = 0;
        Diagnostics diagnostics;
        REQUIRE_FALSE(parse_header(load_archive(name), parsed, consumed, diagnostics));
        CHECK(parsed.stored_level == level);
    }
}

TEST_CASE("header parser rejects bad magic", "[dumpfmt][header]") {
    Bytes input = observed_header;
    input[0] = 'X';
    ArchiveHeader parsed;
    std::size_t consumed = 0;
    Diagnostics diagnostics;
    CHECK(parse_header(input, parsed, consumed, diagnostics) == errc::invalid_magic);
}

TEST_CASE("header parser version range", "[dumpfmt][header]") {
    const std::pair<Bytes, bool> cases[] = {
        {{1, 11, 0}, false}, {{1, 12, 0}, true},   {{1, 14, 255}, true},
        {{1, 16, 255}, true}, {{1, 17, 0}, false}, {{2, 0, 0}, false},
    };
    for (const auto& [version, accepted] : cases) {
        Bytes input = observed_header;
        // 1.15 and later headers have a one-byte compression field, and the
        // others keep the 1.14 layout.
        if (version[1] >= 15 && version[0] == 1) {
            input.erase(input.begin() + 12, input.begin() + 16);
        }
        std::copy(version.begin(), version.end(), input.begin() + 5);
        INFO("version " << int(version[0]) << "." << int(version[1]) << "." << int(version[2]));

        ArchiveHeader parsed;
        std::size_t consumed = 0;
        Diagnostics diagnostics;
        const auto error = parse_header(input, parsed, consumed, diagnostics);
        if (accepted) {
            CHECK_FALSE(error);
            CHECK(consumed == input.size());
        } else {
            CHECK(error == errc::unsupported_version);
        }
    }
}

TEST_CASE("header revision byte is unsigned", "[dumpfmt][header]") {
    Bytes input = observed_header;
    input[7] = 0xff;
    ArchiveHeader parsed;
    std::size_t consumed = 0;
    Diagnostics diagnostics;
    REQUIRE_FALSE(parse_header(input, parsed, consumed, diagnostics));
    CHECK(parsed.version.revision == 255);
    CHECK(parsed.version.minor == 14);
    CHECK(parsed.version.to_string() == "1.14.255");
}

TEST_CASE("header parser size and format checks", "[dumpfmt][header]") {
    ArchiveHeader parsed;
    std::size_t consumed = 0;
    Diagnostics diagnostics;

    Bytes int_size_33 = observed_header;
    int_size_33[8] = 33;
    CHECK(parse_header(int_size_33, parsed, consumed, diagnostics) == errc::invalid_integer_size);
    CHECK(diagnostics.client_message() == "at archive byte 8, header, intSize: intSize 33 is outside 1..32");

    Bytes offset_size_0 = observed_header;
    offset_size_0[9] = 0;
    CHECK(parse_header(offset_size_0, parsed, consumed, diagnostics) == errc::invalid_offset_size);

    Bytes tar_format = observed_header;
    tar_format[10] = 3;
    CHECK(parse_header(tar_format, parsed, consumed, diagnostics) == errc::unsupported_format);
}

TEST_CASE("header truncated at every byte", "[dumpfmt][header]") {
    for (std::size_t size = 0; size < observed_header.size(); ++size) {
        INFO("size " << size);
        const std::span<const std::uint8_t> prefix(observed_header.data(), size);
        ArchiveHeader parsed;
        std::size_t consumed = 0;
        Diagnostics diagnostics;
        CHECK(parse_header(prefix, parsed, consumed, diagnostics) == errc::truncated);
        CHECK_FALSE(diagnostics.client_message().empty());
    }
}

TEST_CASE("header local creation time fields", "[dumpfmt][header]") {
    const std::time_t now = std::time(nullptr);
    std::tm expected{};
    localtime_r(&now, &expected);

    const CreationTime time = local_creation_time(now);
    CHECK(time.second == expected.tm_sec);
    CHECK(time.minute == expected.tm_min);
    CHECK(time.hour == expected.tm_hour);
    CHECK(time.day_of_month == expected.tm_mday);
    CHECK(time.month == expected.tm_mon);
    CHECK(time.years_since_1900 == expected.tm_year);
    CHECK(time.is_dst == expected.tm_isdst);
}
