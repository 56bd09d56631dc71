#include "dumpfmt/copy_data_hash.hpp"
#include "test_bytes.hpp"

#include <catch2/catch.hpp>

#include <xxhash.h>

using namespace wiredump::dumpfmt;
using wiredump::dumpfmt::test::from_text;

namespace {

Hash128 one_shot(std::string_view text) {
    const XXH128_hash_t hash = XXH3_128bits(text.data(), text.size());
    return {hash.high64, hash.low64};
}

// Hashes `text` fed in pieces of `piece_size` bytes.
CopyDataHasher& feed(CopyDataHasher& hasher, std::string_view text, std::size_t piece_size) {
    const auto bytes = from_text(text);
    for (std::size_t offset = 0; offset < bytes.size(); offset += piece_size) {
        const std::size_t count = std::min(piece_size, bytes.size() - offset);
        hasher.write(std::span<const std::uint8_t>(bytes.data() + offset, count));
    }
    hasher.finish();
    return hasher;
}

}  // namespace

TEST_CASE("hash hex form is canonical", "[dumpfmt][hash]") {
    const Hash128 hash{0x0123456789abcdefULL, 0xfedcba9876543210ULL};
    CHECK(hash.to_hex() == "0123456789abcdeffedcba9876543210");
    CHECK(Hash128::from_hex(hash.to_hex()) == hash);
}

TEST_CASE("hash hex parse rejects bad text", "[dumpfmt][hash]") {
    CHECK_FALSE(Hash128::from_hex(""));
    CHECK_FALSE(Hash128::from_hex("0123456789abcdeffedcba987654321"));
    CHECK_FALSE(Hash128::from_hex("0123456789ABCDEFfedcba9876543210"));
    CHECK_FALSE(Hash128::from_hex("0123456789abcdeffedcba987654321g"));
}

TEST_CASE("stream hasher equals one-shot XXH3-128", "[dumpfmt][hash]") {
    const std::string text = "1\talpha\n2\tbeta\n";
    StreamHasher hasher;
    hasher.update(from_text(text.substr(0, 5)));
    hasher.update(from_text(text.substr(5)));
    CHECK(hasher.digest() == one_shot(text));
    CHECK(hasher.size() == text.size());
}

TEST_CASE("copy hasher stops at end marker", "[dumpfmt][hash]") {
    const std::string rows = "1\talpha\n2\t\\.x\n\\\\.\n";
    for (std::size_t piece_size : {1, 2, 3, 7, 1000}) {
        INFO("piece size " << piece_size);
        CopyDataHasher server_side;
        feed(server_side, rows, piece_size);
        CopyDataHasher archive_side;
        feed(archive_side, rows + "\\.\n\n\n", piece_size);

        CHECK(server_side.digest() == one_shot(rows));
        CHECK(archive_side.digest() == one_shot(rows));
        CHECK(server_side.rows() == 3);
        CHECK(archive_side.rows() == 3);
        CHECK(archive_side.size() == rows.size());
    }
}

TEST_CASE("copy hasher keeps lines that start like the marker", "[dumpfmt][hash]") {
    for (const std::string text : {"\\.x\n", "\\\n", "\\", "\\.", "\\N\n"}) {
        INFO(text);
        CopyDataHasher hasher;
        feed(hasher, text, 1);
        CHECK(hasher.digest() == one_shot(text));
    }
}

TEST_CASE("copy hasher of empty table", "[dumpfmt][hash]") {
    CopyDataHasher server_side;
    feed(server_side, "", 1);
    CopyDataHasher archive_side;
    feed(archive_side, "\\.\n\n\n", 1);
    CHECK(server_side.digest() == archive_side.digest());
    CHECK(archive_side.rows() == 0);
    CHECK(archive_side.size() == 0);
}
