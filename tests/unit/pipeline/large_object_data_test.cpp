#include "pipeline/large_object_data.hpp"

#include <catch2/catch.hpp>

#include <charconv>
#include <map>

using namespace wiredump;
using namespace wiredump::pipeline;

namespace {

// Serves lo_get pieces of in-memory large objects as a server would: the
// query's OID, offset and length pick the bytes, returned as hex text.
// The query numbered fail_at (counting from 1) fails instead.
class LargeObjectServer final : public catalog::QueryRunner {
public:
    std::map<std::uint32_t, std::string> objects;
    std::vector<std::string> sent;
    std::size_t fail_at = 0;
    bool return_bad_hex = false;

    std::error_code query(std::string_view sql, protocol::QueryResult& result,
                          protocol::Diagnostics& diagnostics) override {
        sent.emplace_back(sql);
        if (sent.size() == fail_at) {
            protocol::ServerError error;
            error.severity = "ERROR";
            error.message = "large object does not exist";
            diagnostics.set_server_error(error);
            return std::make_error_code(std::errc::io_error);
        }

        // The SQL is "... lo_get('OID'::pg_catalog.oid, OFFSET, LENGTH) ...".
        std::string_view rest = sql.substr(sql.find("lo_get('") + 8);
        const std::uint32_t oid = number(rest);
        rest = rest.substr(rest.find(", ") + 2);
        const std::size_t offset = number(rest);
        rest = rest.substr(rest.find(", ") + 2);
        const std::size_t length = number(rest);

        const std::string& bytes = objects.at(oid);
        const std::string piece = offset >= bytes.size() ? "" : bytes.substr(offset, length);
        std::string hex;
        for (unsigned char byte : piece) {
            const char* digits = "0123456789abcdef";
            hex += digits[byte >> 4];
            hex += digits[byte & 15];
        }
        if (return_bad_hex) hex = "zz";

        result = {};
        protocol::ColumnDescription column;
        column.name = "piece";
        result.columns.push_back(column);
        result.rows.push_back({hex});
        return {};
    }

private:
    static std::uint64_t number(std::string_view text) {
        std::uint64_t value = 0;
        std::from_chars(text.data(), text.data() + text.size(), value);
        return value;
    }
};

// Reads the archive's integer encoding: a sign byte, then 4 bytes little-endian.
std::int64_t read_int(const std::vector<std::uint8_t>& bytes, std::size_t& at) {
    REQUIRE(at + 5 <= bytes.size());
    std::int64_t value = bytes[at + 1] | (bytes[at + 2] << 8) | (bytes[at + 3] << 16) |
                         (static_cast<std::int64_t>(bytes[at + 4]) << 24);
    const bool negative = bytes[at] != 0;
    at += 5;
    return negative ? -value : value;
}

struct ParsedBlobs {
    std::int64_t dump_id = 0;
    std::vector<std::pair<std::int64_t, std::string>> objects;
};

// Splits an uncompressed BLOBS block into its large objects.
ParsedBlobs parse_blobs_block(const std::vector<std::uint8_t>& bytes) {
    ParsedBlobs parsed;
    REQUIRE_FALSE(bytes.empty());
    CHECK(bytes[0] == 3);
    std::size_t at = 1;
    parsed.dump_id = read_int(bytes, at);
    for (;;) {
        const std::int64_t oid = read_int(bytes, at);
        if (oid == 0) break;
        std::string data;
        for (;;) {
            const std::int64_t length = read_int(bytes, at);
            if (length == 0) break;
            REQUIRE(at + static_cast<std::size_t>(length) <= bytes.size());
            data.append(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                        bytes.begin() + static_cast<std::ptrdiff_t>(at + length));
            at += static_cast<std::size_t>(length);
        }
        parsed.objects.emplace_back(oid, std::move(data));
    }
    CHECK(at == bytes.size());
    return parsed;
}

dumpfmt::BlobsBlockWriter make_writer(std::vector<std::uint8_t>& out) {
    return dumpfmt::BlobsBlockWriter(
        [&out](std::span<const std::uint8_t> bytes) {
            out.insert(out.end(), bytes.begin(), bytes.end());
            return std::error_code{};
        },
        dumpfmt::Compression{});
}

std::string pattern(std::size_t size) {
    std::string text;
    for (std::size_t i = 0; i < size; ++i) text += static_cast<char>('a' + i % 26);
    return text;
}

}  // namespace

TEST_CASE("large object piece query", "[large_object_data]") {
    CHECK(large_object_piece_query(3000000000u, 262144, 262144) ==
          "SELECT pg_catalog.encode(pg_catalog.lo_get('3000000000'::pg_catalog.oid, 262144, "
          "262144), 'hex') AS piece");
}

TEST_CASE("large objects in pieces", "[large_object_data]") {
    LargeObjectServer server;
    server.objects[5000] = "";
    server.objects[5001] = "A";
    server.objects[5002] = pattern(25);           // two full pieces and a short one
    server.objects[5003] = pattern(20);           // a multiple of the piece size
    server.objects[3000000000u] = std::string("\x00\x01\xff", 3);
    ddl::LargeObjectDataJob job{42, {5000, 5001, 5002, 5003, 3000000000u}};

    std::vector<std::uint8_t> out;
    auto writer = make_writer(out);
    protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(dump_large_objects(server, job, writer, diagnostics, 10));

    ParsedBlobs parsed = parse_blobs_block(out);
    CHECK(parsed.dump_id == 42);
    REQUIRE(parsed.objects.size() == 5);
    CHECK(parsed.objects[0] == std::make_pair(std::int64_t{5000}, std::string()));
    CHECK(parsed.objects[1] == std::make_pair(std::int64_t{5001}, std::string("A")));
    CHECK(parsed.objects[2] == std::make_pair(std::int64_t{5002}, pattern(25)));
    CHECK(parsed.objects[3] == std::make_pair(std::int64_t{5003}, pattern(20)));
    // pg_dump writes OIDs of 2^31 and above as negative integers.
    CHECK(parsed.objects[4].first == -static_cast<std::int64_t>(4294967296 - 3000000000u));
    CHECK(parsed.objects[4].second == std::string("\x00\x01\xff", 3));

    // 1 + 1 + 3 + 3 + 1 queries: one per piece, with a final empty piece
    // for the object whose size is a multiple of the piece size.
    CHECK(server.sent.size() == 9);
}

TEST_CASE("large object query failure", "[large_object_data]") {
    LargeObjectServer base;
    base.objects[5000] = pattern(15);
    base.objects[5001] = "A";
    ddl::LargeObjectDataJob job{7, {5000, 5001}};

    // Three queries in all: two pieces of 5000 and one of 5001.
    for (std::size_t step = 1; step <= 3; ++step) {
        INFO("failing query " << step);
        LargeObjectServer server = base;
        server.fail_at = step;
        std::vector<std::uint8_t> out;
        auto writer = make_writer(out);
        protocol::Diagnostics diagnostics;

        CHECK(dump_large_objects(server, job, writer, diagnostics, 10) == std::errc::io_error);
        const std::string expected = step == 3 ? "large object 5001" : "large object 5000";
        CHECK(diagnostics.client_message().find(expected) != std::string::npos);
        CHECK(diagnostics.server_error().has_value());
    }
}

TEST_CASE("large object output failure", "[large_object_data]") {
    LargeObjectServer server;
    server.objects[5000] = pattern(15);
    server.objects[5001] = "";
    ddl::LargeObjectDataJob job{7, {5000, 5001}};

    // Count the sink calls of a run that succeeds, then fail each one in turn.
    std::size_t calls = 0;
    {
        dumpfmt::BlobsBlockWriter writer(
            [&calls](std::span<const std::uint8_t>) {
                ++calls;
                return std::error_code{};
            },
            dumpfmt::Compression{});
        protocol::Diagnostics diagnostics;
        REQUIRE_FALSE(dump_large_objects(server, job, writer, diagnostics, 10));
    }
    REQUIRE(calls > 0);

    for (std::size_t step = 1; step <= calls; ++step) {
        INFO("failing write " << step);
        std::size_t count = 0;
        const auto disk_full = std::make_error_code(std::errc::no_space_on_device);
        dumpfmt::BlobsBlockWriter writer(
            [&](std::span<const std::uint8_t>) {
                return ++count == step ? disk_full : std::error_code{};
            },
            dumpfmt::Compression{});
        protocol::Diagnostics diagnostics;
        CHECK(dump_large_objects(server, job, writer, diagnostics, 10) == disk_full);
    }
}

TEST_CASE("large object bad piece", "[large_object_data]") {
    LargeObjectServer server;
    server.objects[5000] = "A";
    server.return_bad_hex = true;
    ddl::LargeObjectDataJob job{7, {5000}};

    std::vector<std::uint8_t> out;
    auto writer = make_writer(out);
    protocol::Diagnostics diagnostics;
    CHECK(dump_large_objects(server, job, writer, diagnostics, 10) == std::errc::bad_message);
    CHECK(diagnostics.client_message().find("large object 5000 at byte 0") != std::string::npos);
}

TEST_CASE("large object piece size invalid", "[large_object_data]") {
    LargeObjectServer server;
    ddl::LargeObjectDataJob job{7, {}};
    std::vector<std::uint8_t> out;
    auto writer = make_writer(out);
    protocol::Diagnostics diagnostics;
    CHECK(dump_large_objects(server, job, writer, diagnostics, 0) == std::errc::invalid_argument);
    CHECK(out.empty());
}
