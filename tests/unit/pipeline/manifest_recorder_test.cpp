#include "pipeline/manifest_recorder.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace wiredump;
using wiredump::pipeline::ManifestRecorder;

namespace {

std::span<const std::uint8_t> as_bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

dumpfmt::Hash128 hash_of(std::string_view text) {
    dumpfmt::StreamHasher hasher;
    hasher.update(as_bytes(text));
    return hasher.digest();
}

}  // namespace

TEST_CASE("manifest recorder hashes tables and large objects", "[pipeline][manifest]") {
    ManifestRecorder recorder;
    dumpfmt::TocEntry entry;
    entry.dump_id = 7;
    entry.namespace_name = "public";
    entry.tag = "t";

    dumpfmt::CopyDataHasher& hasher = recorder.begin_table(entry);
    hasher.write(as_bytes("1\ta\n"));
    hasher.write(as_bytes("2\tb\n"));
    recorder.end_table();

    recorder.begin_large_object(16404);
    recorder.large_object_bytes(as_bytes("hello "));
    recorder.large_object_bytes(as_bytes("\\.\n"));
    recorder.end_large_object();

    const dumpfmt::Manifest& manifest = recorder.manifest();
    REQUIRE(manifest.tables.size() == 1);
    CHECK(manifest.tables[0].dump_id == 7);
    CHECK(manifest.tables[0].schema == "public");
    CHECK(manifest.tables[0].name == "t");
    CHECK(manifest.tables[0].rows == 2);
    CHECK(manifest.tables[0].bytes == 8);
    CHECK(manifest.tables[0].hash == hash_of("1\ta\n2\tb\n"));
    REQUIRE(manifest.large_objects.size() == 1);
    CHECK(manifest.large_objects[0].oid == 16404);
    CHECK(manifest.large_objects[0].hash == hash_of("hello \\.\n"));
}

TEST_CASE("manifest path follows the archive", "[pipeline][manifest]") {
    pipeline::DumpOptions options;
    CHECK(pipeline::manifest_path_for(options).empty());
    options.output_path = "dir/db.dump";
    CHECK(pipeline::manifest_path_for(options) == "dir/db.dump.manifest.json");
    options.manifest_path = "other.json";
    CHECK(pipeline::manifest_path_for(options) == "other.json");
}

TEST_CASE("manifest file written and hashed", "[pipeline][manifest]") {
    const auto directory =
        std::filesystem::temp_directory_path() / ("wiredump-manifest-file-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory);
    const auto path = (directory / "db.dump.manifest.json").string();

    protocol::Diagnostics diagnostics;
    REQUIRE_FALSE(pipeline::write_manifest_file(path, "{}\n", diagnostics));
    std::ifstream file(path);
    CHECK(std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()) == "{}\n");
    CHECK(std::distance(std::filesystem::directory_iterator(directory), std::filesystem::directory_iterator()) == 1);

    dumpfmt::ManifestArchive archive;
    REQUIRE_FALSE(pipeline::hash_archive_file(path, archive, diagnostics));
    CHECK(archive.size == 3);
    CHECK(archive.hash == hash_of("{}\n"));

    CHECK(pipeline::write_manifest_file((directory / "missing" / "m.json").string(), "{}", diagnostics));
    CHECK(diagnostics.client_message().starts_with("could not create a temporary file for manifest "));
    std::filesystem::remove_all(directory);
}
