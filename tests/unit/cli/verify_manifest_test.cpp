#include "cli/app.hpp"
#include "cli/command_line.hpp"
#include "cli/verify_against.hpp"
#include "dumpfmt/archive_check.hpp"
#include "dumpfmt/manifest.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

using namespace wiredump;
using wiredump::cli::CliContext;
using wiredump::cli::CommandAction;
using wiredump::cli::parse_command_line;
using wiredump::cli::run_cli;

namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// A copy of tiny_z9.dump in a private directory, with the manifest a dump
// of it would have written beside it.
struct ArchiveWithManifest {
    std::filesystem::path directory;
    std::filesystem::path archive;
    std::filesystem::path manifest_path;
    dumpfmt::Manifest manifest;

    ArchiveWithManifest() {
        directory = std::filesystem::temp_directory_path() /
                    ("wiredump-verify-manifest-test-" + std::to_string(::getpid()));
        std::filesystem::create_directories(directory);
        archive = directory / "tiny.dump";
        manifest_path = directory / "tiny.dump.manifest.json";
        std::filesystem::copy_file(std::filesystem::path(WIREDUMP_TEST_DATA_DIR) / "archives" / "tiny_z9.dump",
                                   archive, std::filesystem::copy_options::overwrite_existing);

        const std::string text = read_file(archive);
        const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
        dumpfmt::ArchiveHead head;
        protocol::Diagnostics diagnostics;
        REQUIRE_FALSE(dumpfmt::parse_archive_head(bytes, head, diagnostics));
        const dumpfmt::ArchiveCheckReport report = dumpfmt::check_archive(bytes, head);

        dumpfmt::StreamHasher hasher;
        hasher.update(bytes);
        manifest.archive = dumpfmt::ManifestArchive{"tiny.dump", bytes.size(), hasher.digest()};
        for (const auto& entry : report.entries) {
            if (entry.copy_hash) {
                manifest.tables.push_back(
                    {entry.dump_id, entry.namespace_name, entry.tag, entry.rows, entry.copy_bytes, *entry.copy_hash});
            }
            for (const auto& object : entry.large_object_hashes) {
                manifest.large_objects.push_back({object.oid, object.bytes, object.hash});
            }
        }
        write_manifest();
    }
    ~ArchiveWithManifest() { std::filesystem::remove_all(directory); }

    void write_manifest() const { std::ofstream(manifest_path, std::ios::binary) << dumpfmt::format_manifest(manifest); }
};

struct VerifyProcess {
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;

    int run(const std::vector<std::string>& arguments) {
        CliContext context;
        context.in = &in;
        context.out = &out;
        context.err = &err;
        return run_cli(arguments, context);
    }
};

}  // namespace

TEST_CASE("verify options parse", "[app][verify]") {
    auto parsed = parse_command_line({"verify", "--manifest", "m.json", "--against=dbname=x", "a.dump"});
    REQUIRE(parsed.action == CommandAction::run_verify);
    CHECK(parsed.archive.manifest_path == "m.json");
    CHECK(parsed.archive.against == "dbname=x");
    CHECK(parsed.archive.input_path == "a.dump");

    parsed = parse_command_line({"verify", "--no-manifest", "a.dump"});
    REQUIRE(parsed.action == CommandAction::run_verify);
    CHECK(parsed.archive.no_manifest);
}

TEST_CASE("verify option usage errors", "[app][verify]") {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"verify", "a.dump", "--manifest"}, "option \"--manifest\" requires a value"},
        {{"verify", "--against=", "a.dump"}, "option \"--against\" requires a non-empty value"},
        {{"verify", "--no-manifest", "--against", "x", "a.dump"},
         "option --no-manifest cannot be used with --manifest or --against"},
        {{"verify", "--against", "x", "-"}, "--against needs a manifest; give it with --manifest when the archive "
                                            "is read from standard input"},
        {{"list", "--manifest", "m.json", "a.dump"}, "invalid option \"--manifest\" for \"wiredump list\""},
    };
    for (const auto& [arguments, message] : cases) {
        INFO(arguments[1]);
        const auto parsed = parse_command_line(arguments);
        CHECK(parsed.action == CommandAction::usage_error);
        CHECK(parsed.error_message == message);
    }
}

TEST_CASE("verify checks manifest beside archive", "[app][verify]") {
    const ArchiveWithManifest files;
    VerifyProcess process;
    CHECK(process.run({"verify", files.archive.string()}) == 0);
    CHECK(process.out.str().find("manifest: checked " + files.manifest_path.string() +
                                 " (2 tables, 2 large objects)\n") != std::string::npos);
    CHECK(process.out.str().ends_with("verify: ok\n"));

    VerifyProcess skipped;
    CHECK(skipped.run({"verify", "--no-manifest", files.archive.string()}) == 0);
    CHECK(skipped.out.str().find("manifest:") == std::string::npos);
}

TEST_CASE("verify names table that differs from manifest", "[app][verify]") {
    ArchiveWithManifest files;
    for (auto& table : files.manifest.tables) {
        if (table.name == "t") table.rows = 7;
    }
    files.write_manifest();

    VerifyProcess process;
    CHECK(process.run({"verify", files.archive.string()}) == 1);
    CHECK(process.out.str().find("problem: table public.t (dump id ") != std::string::npos);
    CHECK(process.out.str().find("has 3 rows in the archive, but the manifest records 7") != std::string::npos);
    CHECK(process.err.str().find("failed verification") != std::string::npos);
}

TEST_CASE("verify rejects unreadable manifest", "[app][verify]") {
    const ArchiveWithManifest files;
    std::ofstream(files.manifest_path) << "{\"manifest_version\": 1";

    VerifyProcess process;
    CHECK(process.run({"verify", files.archive.string()}) == 1);
    CHECK(process.err.str().starts_with("wiredump: error: could not read manifest \"" +
                                        files.manifest_path.string() + "\": the manifest is not valid JSON: "));

    VerifyProcess missing;
    CHECK(missing.run({"verify", "--manifest", (files.directory / "none.json").string(), files.archive.string()}) ==
          1);
    CHECK(missing.err.str().find("could not open manifest") != std::string::npos);
}

TEST_CASE("verify against needs manifest", "[app][verify]") {
    const ArchiveWithManifest files;
    std::filesystem::remove(files.manifest_path);
    VerifyProcess process;
    CHECK(process.run({"verify", "--against", "dbname=unused", files.archive.string()}) == 1);
    CHECK(process.err.str().find("--against needs the manifest written with the archive") != std::string::npos);
}

TEST_CASE("copy statement turned around", "[app][verify]") {
    CHECK(cli::copy_to_statement("COPY public.t (id, name) FROM stdin;\n") == "COPY public.t (id, name) TO stdout;");
    CHECK(cli::copy_to_statement("COPY s.\"FROM stdin\" FROM stdin;\n") == "COPY s.\"FROM stdin\" TO stdout;");
    CHECK(cli::copy_to_statement("INSERT INTO t VALUES (1);\n").empty());
    CHECK(cli::copy_to_statement("COPY public.t FROM stdin;").empty());
}
