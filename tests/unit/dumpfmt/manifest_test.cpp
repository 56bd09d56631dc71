#include "dumpfmt/check_errc.hpp"
#include "dumpfmt/manifest.hpp"

#include <catch2/catch.hpp>

using namespace wiredump::dumpfmt;
using wiredump::protocol::Diagnostics;

namespace {

Manifest sample_manifest() {
    Manifest manifest;
    manifest.generator = "wiredump 0.1.0";
    manifest.archive = ManifestArchive{"db.dump", 3678, Hash128{1, 2}};
    manifest.tables.push_back({10, "public", "t", 200, 2384, Hash128{0x394d8e98d4050587ULL, 0x5726d1a9f8e7660cULL}});
    manifest.tables.push_back({12, "s2", "Odd \"Name\"\n", 3, 27, Hash128{3, 4}});
    manifest.large_objects.push_back({3000000000u, 18, Hash128{5, 6}});
    return manifest;
}

std::string parse_error(const std::string& text) {
    Manifest manifest;
    Diagnostics diagnostics;
    const auto error = parse_manifest(text, manifest, diagnostics);
    CHECK(error == check_errc::invalid_manifest);
    return diagnostics.client_message();
}

}  // namespace

TEST_CASE("manifest format", "[dumpfmt][manifest]") {
    Manifest manifest = sample_manifest();
    manifest.tables.pop_back();
    CHECK(format_manifest(manifest) ==
          "{\n"
          "  \"manifest_version\": 1,\n"
          "  \"generator\": \"wiredump 0.1.0\",\n"
          "  \"hash_algorithm\": \"XXH3-128\",\n"
          "  \"archive\": {\"file\": \"db.dump\", \"size\": 3678, \"hash\": "
          "\"00000000000000010000000000000002\"},\n"
          "  \"tables\": [\n"
          "    {\"dump_id\": 10, \"schema\": \"public\", \"name\": \"t\", \"rows\": 200, \"bytes\": 2384, "
          "\"hash\": \"394d8e98d40505875726d1a9f8e7660c\"}\n"
          "  ],\n"
          "  \"large_objects\": [\n"
          "    {\"oid\": 3000000000, \"bytes\": 18, \"hash\": \"00000000000000050000000000000006\"}\n"
          "  ]\n"
          "}\n");
}

TEST_CASE("manifest round trip", "[dumpfmt][manifest]") {
    const Manifest original = sample_manifest();
    Manifest parsed;
    Diagnostics diagnostics;
    REQUIRE_FALSE(parse_manifest(format_manifest(original), parsed, diagnostics));
    CHECK(parsed.generator == original.generator);
    REQUIRE(parsed.archive);
    CHECK(parsed.archive->file_name == "db.dump");
    CHECK(parsed.archive->size == 3678);
    CHECK(parsed.archive->hash == original.archive->hash);
    REQUIRE(parsed.tables.size() == 2);
    CHECK(parsed.tables[1].name == "Odd \"Name\"\n");
    CHECK(parsed.tables[1].dump_id == 12);
    CHECK(parsed.tables[0].rows == 200);
    CHECK(parsed.tables[0].bytes == 2384);
    CHECK(parsed.tables[0].hash == original.tables[0].hash);
    REQUIRE(parsed.large_objects.size() == 1);
    CHECK(parsed.large_objects[0].oid == 3000000000u);
    CHECK(parsed.large_objects[0].hash == original.large_objects[0].hash);
}

TEST_CASE("manifest without archive or lists", "[dumpfmt][manifest]") {
    Manifest parsed;
    Diagnostics diagnostics;
    REQUIRE_FALSE(parse_manifest(R"({"manifest_version": 1, "hash_algorithm": "XXH3-128", "future": [1]})", parsed,
                                 diagnostics));
    CHECK_FALSE(parsed.archive);
    CHECK(parsed.tables.empty());
}

TEST_CASE("manifest rejects bad documents", "[dumpfmt][manifest]") {
    CHECK(parse_error("[]") == "the manifest is not a JSON object");
    CHECK(parse_error("{").starts_with("the manifest is not valid JSON: "));
    CHECK(parse_error(R"({"hash_algorithm": "XXH3-128"})") == "invalid manifest: missing member manifest.manifest_version");
    CHECK(parse_error(R"({"manifest_version": 2, "hash_algorithm": "XXH3-128"})")
              .starts_with("invalid manifest: manifest_version is 2, but this wiredump reads only version 1"));
    CHECK(parse_error(R"({"manifest_version": 1, "hash_algorithm": "md5"})") ==
          "invalid manifest: hash_algorithm is \"md5\", but this wiredump knows only \"XXH3-128\"");

    const std::string head = R"({"manifest_version": 1, "hash_algorithm": "XXH3-128", )";
    CHECK(parse_error(head + R"("tables": {}})") == "invalid manifest: tables is not a JSON array");
    CHECK(parse_error(head + R"("tables": [1]})") == "invalid manifest: tables[0] is not a JSON object");
    CHECK(parse_error(head + R"("tables": [{"dump_id": -1, "schema": "s", "name": "t", "rows": 1, "bytes": 1,
        "hash": "00000000000000010000000000000002"}]})") ==
          "invalid manifest: tables[0].dump_id is not an integer from 0 to 2147483647");
    CHECK(parse_error(head + R"("tables": [{"dump_id": 1, "schema": "s", "name": "t", "rows": 1.5, "bytes": 1,
        "hash": "00000000000000010000000000000002"}]})") ==
          "invalid manifest: tables[0].rows is not an integer from 0 to 18446744073709551615");
    CHECK(parse_error(head + R"("tables": [{"dump_id": 1, "schema": "s", "rows": 1, "bytes": 1,
        "hash": "00000000000000010000000000000002"}]})") == "invalid manifest: missing member tables[0].name");
    CHECK(parse_error(head + R"("large_objects": [{"oid": 4294967296, "bytes": 1,
        "hash": "00000000000000010000000000000002"}]})") ==
          "invalid manifest: large_objects[0].oid is not an integer from 0 to 4294967295");
    CHECK(parse_error(head + R"("archive": {"file": "a", "size": 1, "hash": "XYZ"}})") ==
          "invalid manifest: archive.hash is not 32 lowercase hex digits: \"XYZ\"");
}
