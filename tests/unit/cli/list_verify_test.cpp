#include "cli/app.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

using wiredump::cli::CliContext;
using wiredump::cli::run_cli;

namespace {

std::string archive_path(std::string_view name) {
    return (std::filesystem::path(WIREDUMP_TEST_DATA_DIR) / "archives" / name).string();
}

std::string read_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// Runs wiredump with `input` as standard input and no dump or terminal.
struct ArchiveProcess {
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;

    explicit ArchiveProcess(std::string input = "") : in(std::move(input)) {}

    int run(const std::vector<std::string>& arguments) {
        CliContext context;
        context.in = &in;
        context.out = &out;
        context.err = &err;
        return run_cli(arguments, context);
    }
};

// A file in the system temporary directory, removed at the end of the test.
struct TemporaryFile {
    std::filesystem::path path;

    explicit TemporaryFile(const std::string& contents) {
        path = std::filesystem::temp_directory_path() /
               ("wiredump-list-verify-test-" + std::to_string(::getpid()) + ".dump");
        std::ofstream(path, std::ios::binary) << contents;
    }
    ~TemporaryFile() { std::filesystem::remove(path); }
};

}  // namespace

TEST_CASE("list prints TOC of file", "[app][list]") {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    ArchiveProcess process;
    CHECK(process.run({"list", archive_path("tiny_z9.dump")}) == 0);
    CHECK(process.out.str().starts_with(";\n; Archive created at 2026-12-04 20:24:30 UTC\n;     dbname: tiny\n"));
    CHECK(process.out.str().ends_with("3206; 2606 16391 CONSTRAINT public t t_pkey postgres\n"));
    CHECK(process.err.str().empty());
}

TEST_CASE("list reads standard input", "[app][list]") {
    ArchiveProcess from_file;
    REQUIRE(from_file.run({"list", archive_path("tiny_pipe.dump")}) == 0);

    ArchiveProcess from_stdin(read_file(archive_path("tiny_pipe.dump")));
    CHECK(from_stdin.run({"list", "-"}) == 0);
    CHECK(from_stdin.out.str() == from_file.out.str());
}

TEST_CASE("list missing file", "[app][list]") {
    ArchiveProcess process;
    CHECK(process.run({"list", "/nonexistent/archive.dump"}) == 1);
    CHECK(process.err.str() ==
          "wiredump: error: could not open archive \"/nonexistent/archive.dump\": No such file or directory\n");
}

TEST_CASE("list file that is no archive", "[app][list]") {
    ArchiveProcess process("SELECT 1;\n");
    CHECK(process.run({"list", "-"}) == 1);
    CHECK(process.err.str().starts_with("wiredump: error: could not read the header and TOC of \"-\": "));
}

TEST_CASE("list usage errors", "[app][list]") {
    ArchiveProcess none;
    CHECK(none.run({"list"}) == 2);
    CHECK(none.err.str().find("missing archive file name for \"wiredump list\"") != std::string::npos);
    CHECK(none.err.str().find("Try \"wiredump list --help\"") != std::string::npos);

    ArchiveProcess two;
    CHECK(two.run({"list", "a.dump", "b.dump"}) == 2);

    ArchiveProcess json;
    CHECK(json.run({"list", "--json", "a.dump"}) == 2);
    CHECK(json.err.str().find("invalid option \"--json\" for \"wiredump list\"") != std::string::npos);
}

TEST_CASE("list and verify help", "[app][list]") {
    ArchiveProcess list;
    CHECK(list.run({"list", "--help"}) == 0);
    CHECK(list.out.str().find("wiredump list FILE|-") != std::string::npos);

    ArchiveProcess verify;
    CHECK(verify.run({"help", "verify"}) == 0);
    CHECK(verify.out.str().find("wiredump verify [OPTION]... FILE|-") != std::string::npos);
}

TEST_CASE("verify passes real archive", "[app][verify]") {
    ArchiveProcess process;
    CHECK(process.run({"verify", archive_path("tiny_z9.dump")}) == 0);
    CHECK(process.out.str() ==
          "archive version 1.14.0, 16 TOC entries, 3 with data, read by data offset\n"
          "TABLE DATA public.empty_t: 0 rows\n"
          "TABLE DATA public.t: 3 rows\n"
          "BLOBS: 2 large objects\n"
          "total: 2 tables, 3 rows, 2 large objects, 88 bytes of data decompressed to 56\n"
          "verify: ok\n");
    CHECK(process.err.str().empty());
}

TEST_CASE("verify json output", "[app][verify]") {
    ArchiveProcess process(read_file(archive_path("tiny_pipe.dump")));
    CHECK(process.run({"verify", "--json", "-"}) == 0);
    const std::string output = process.out.str();
    CHECK(output.starts_with("{\"ok\":true,\"archive_version\":\"1.14.0\",\"toc_entries\":16,"));
    CHECK(output.find("\"tag\":\"t\",\"ok\":true,") != std::string::npos);
    CHECK(output.ends_with("\"problems\":[],\"warnings\":[],\"notes\":[],\"total\":{\"tables\":2,\"rows\":3,\"large_objects\":2,\"compressed_bytes\":88,"
                           "\"data_bytes\":56}}\n"));
}

TEST_CASE("verify fails truncated file", "[app][verify]") {
    std::string bytes = read_file(archive_path("tiny_z9.dump"));
    bytes.resize(bytes.size() - 20);
    const TemporaryFile file(bytes);

    ArchiveProcess process;
    CHECK(process.run({"verify", file.path.string()}) == 1);
    CHECK(process.out.str().find("problem: TOC entry 3355 (BLOBS): ") != std::string::npos);
    CHECK(process.out.str().ends_with("verify: failed with 1 problem\n"));
    CHECK(process.err.str().find("failed verification") != std::string::npos);
}

TEST_CASE("verify fails truncated TOC", "[app][verify]") {
    std::string bytes = read_file(archive_path("tiny_z9.dump"));
    bytes.resize(1000);

    ArchiveProcess process(bytes);
    CHECK(process.run({"verify", "--json", "-"}) == 1);
    CHECK(process.out.str().starts_with("{\"ok\":false,\"problems\":[\"at archive byte "));
    CHECK(process.err.str().starts_with("wiredump: error: could not read the header and TOC of \"-\": "));
}

TEST_CASE("verify usage errors", "[app][verify]") {
    ArchiveProcess none;
    CHECK(none.run({"verify", "--json"}) == 2);
    ArchiveProcess unknown;
    CHECK(unknown.run({"verify", "--rows", "x.dump"}) == 2);
    CHECK(unknown.err.str().find("Try \"wiredump verify --help\"") != std::string::npos);
}
