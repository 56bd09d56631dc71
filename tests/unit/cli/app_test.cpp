#include "cli/app.hpp"
#include "protocol/errc.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using wiredump::cli::CliContext;
using wiredump::cli::run_cli;
using wiredump::pipeline::DumpOptions;
using wiredump::pipeline::LogLevel;
using wiredump::pipeline::LogSink;
using wiredump::protocol::Diagnostics;
using wiredump::protocol::errc;
namespace dumpfmt = wiredump::dumpfmt;

namespace {

// A CliContext whose dump, terminal and files are scripted by the test.
struct FakeProcess {
    std::ostringstream out;
    std::ostringstream err;
    std::vector<DumpOptions> dumps;
    // Results returned by successive dumps; the last one repeats.
    std::vector<std::error_code> dump_results = {std::error_code()};
    std::vector<std::string> prompts;
    std::optional<std::string> typed_password = "typed-secret";
    bool has_terminal = true;
    std::map<std::string, std::string> password_files;
    std::function<void(const LogSink&, Diagnostics&)> on_dump;

    CliContext context(wiredump::cli::Environment environment = {}) {
        CliContext context;
        context.environment = std::move(environment);
        context.os_user = "osuser";
        context.home_directory = "/home/osuser";
        if (has_terminal) {
            context.prompt_password = [this](std::string_view prompt) {
                prompts.emplace_back(prompt);
                return typed_password;
            };
        }
        context.read_password_file = [this](const std::string& path) -> std::optional<std::string> {
            auto found = password_files.find(path);
            return found == password_files.end() ? std::nullopt : std::optional<std::string>(found->second);
        };
        context.run_dump = [this](const DumpOptions& options, const LogSink& log, Diagnostics& diagnostics) {
            dumps.push_back(options);
            if (on_dump) {
                on_dump(log, diagnostics);
            }
            const std::size_t index = std::min(dumps.size(), dump_results.size()) - 1;
            return dump_results[index];
        };
        context.out = &out;
        context.err = &err;
        return context;
    }

    int run(std::vector<std::string> arguments, wiredump::cli::Environment environment = {}) {
        CliContext process = context(std::move(environment));
        return run_cli(arguments, process);
    }
};

}  // namespace

TEST_CASE("app usage error exit status", "[app]") {
    FakeProcess process;
    CHECK(process.run({"dump", "-F", "t"}) == 2);
    CHECK(process.err.str() ==
          "wiredump: error: archive format \"t\" is not supported: only the custom format (-F c) is supported for "
          "now\nwiredump: hint: Try \"wiredump dump --help\" for more information.\n");
    CHECK(process.dumps.empty());
}

TEST_CASE("app unknown command", "[app]") {
    FakeProcess process;
    CHECK(process.run({"backup"}) == 2);
    CHECK(process.err.str().find("unknown command \"backup\"") != std::string::npos);
    CHECK(process.err.str().find("Try \"wiredump --help\" for more information.") != std::string::npos);
}

TEST_CASE("app help and version", "[app]") {
    FakeProcess process;
    CHECK(process.run({"--version"}) == 0);
    CHECK(process.out.str() == "wiredump " WIREDUMP_VERSION "\n");

    FakeProcess help;
    CHECK(help.run({"dump", "--help"}) == 0);
    CHECK(help.out.str().find("Usage:\n  wiredump dump [OPTION]... [DBNAME]") != std::string::npos);
    CHECK(help.err.str().empty());

    FakeProcess top;
    CHECK(top.run({"help"}) == 0);
    CHECK(top.out.str().find("wiredump help [dump|list|verify]") != std::string::npos);
}

TEST_CASE("app passes options to dump", "[app]") {
    FakeProcess process;
    CHECK(process.run({"dump", "-h", "db", "-Z", "4", "-f", "out.dump", "sales"}) == 0);
    REQUIRE(process.dumps.size() == 1);
    CHECK(process.dumps[0].connection.host == "db");
    CHECK(process.dumps[0].connection.dbname == "sales");
    CHECK(process.dumps[0].output_path == "out.dump");
    CHECK(process.dumps[0].compression.algorithm == dumpfmt::CompressionAlgorithm::gzip);
    CHECK(process.dumps[0].compression.level == 4);
    CHECK(process.dumps[0].archive_version == dumpfmt::version_1_14);
    CHECK(process.err.str().empty());
}

TEST_CASE("app picks version 1.15 for zstd", "[app]") {
    FakeProcess process;
    CHECK(process.run({"dump", "-Z", "zstd:workers=3", "-j", "2", "sales"}) == 0);
    REQUIRE(process.dumps.size() == 1);
    CHECK(process.dumps[0].compression.algorithm == dumpfmt::CompressionAlgorithm::zstd);
    CHECK(process.dumps[0].compression.level == 3);
    CHECK(process.dumps[0].compression.threads == 3);
    CHECK(process.dumps[0].archive_version == dumpfmt::version_1_15);
}

TEST_CASE("app passes jobs to gzip", "[app]") {
    FakeProcess process;
    CHECK(process.run({"dump", "-Z", "gzip", "-j", "2", "sales"}) == 0);
    REQUIRE(process.dumps.size() == 1);
    CHECK(process.dumps[0].compression.level == -1);
    CHECK(process.dumps[0].compression.threads == 2);
}

TEST_CASE("app prompts after password request", "[app]") {
    FakeProcess process;
    process.dump_results = {errc::password_required, std::error_code()};
    CHECK(process.run({"dump", "sales"}) == 0);
    REQUIRE(process.dumps.size() == 2);
    CHECK_FALSE(process.dumps[0].connection.password);
    CHECK(process.dumps[1].connection.password == "typed-secret");
    CHECK(process.prompts == std::vector<std::string>{"Password: "});
}

TEST_CASE("app prompts only once", "[app]") {
    FakeProcess process;
    process.dump_results = {errc::password_required};
    CHECK(process.run({"dump", "sales"}) == 1);
    CHECK(process.dumps.size() == 2);
    CHECK(process.prompts.size() == 1);
}

TEST_CASE("app no-password never prompts", "[app]") {
    FakeProcess process;
    process.dump_results = {errc::password_required};
    CHECK(process.run({"dump", "-w", "sales"}) == 1);
    CHECK(process.dumps.size() == 1);
    CHECK(process.prompts.empty());
    CHECK(process.err.str().find("remove -w to be prompted") != std::string::npos);
}

TEST_CASE("app without terminal gives hint", "[app]") {
    FakeProcess process;
    process.has_terminal = false;
    process.dump_results = {errc::password_required};
    CHECK(process.run({"dump", "sales"}) == 1);
    CHECK(process.dumps.size() == 1);
    CHECK(process.err.str().find("no terminal to prompt on") != std::string::npos);
}

TEST_CASE("app prompt input ends", "[app]") {
    FakeProcess process;
    process.typed_password = std::nullopt;
    process.dump_results = {errc::password_required};
    CHECK(process.run({"dump", "sales"}) == 1);
    CHECK(process.dumps.size() == 1);
    CHECK(process.err.str().find("no terminal to prompt on") != std::string::npos);
}

TEST_CASE("app no prompt when password given", "[app]") {
    // A wrong password from PGPASSWORD is a server error, not a prompt.
    FakeProcess process;
    process.dump_results = {errc::password_required};
    CHECK(process.run({"dump", "sales"}, {{"PGPASSWORD", "env-secret"}}) == 1);
    CHECK(process.dumps.size() == 1);
    CHECK(process.prompts.empty());
}

TEST_CASE("app force password prompts first", "[app]") {
    FakeProcess process;
    CHECK(process.run({"dump", "-W", "sales"}) == 0);
    CHECK(process.prompts.size() == 1);
    REQUIRE(process.dumps.size() == 1);
    CHECK(process.dumps[0].connection.password == "typed-secret");
}

TEST_CASE("app force password without terminal", "[app]") {
    FakeProcess process;
    process.has_terminal = false;
    CHECK(process.run({"dump", "-W", "sales"}) == 1);
    CHECK(process.dumps.empty());
    CHECK(process.err.str().find("-W needs a terminal") != std::string::npos);
}

TEST_CASE("app prints server error fields", "[app]") {
    FakeProcess process;
    process.dump_results = {errc::server_error};
    process.on_dump = [](const LogSink&, Diagnostics& diagnostics) {
        diagnostics.set_client_message("connection to database \"sales\" failed");
        wiredump::protocol::ServerError error;
        error.severity = "FATAL";
        error.sqlstate = "28P01";
        error.message = "password authentication failed for user \"alice\"";
        diagnostics.set_server_error(error);
    };
    CHECK(process.run({"dump", "sales"}, {{"PGPASSWORD", "env-secret"}}) == 1);
    CHECK(process.err.str() ==
          "wiredump: error: connection to database \"sales\" failed\n"
          "FATAL:  password authentication failed for user \"alice\"\n");
}

TEST_CASE("app names the password file", "[app]") {
    FakeProcess process;
    process.password_files["/home/osuser/.pgpass"] = "*:*:*:*:file-secret\n";
    process.dump_results = {errc::server_error};
    process.on_dump = [](const LogSink&, Diagnostics& diagnostics) {
        wiredump::protocol::ServerError error;
        error.sqlstate = "28P01";
        error.message = "password authentication failed for user \"osuser\"";
        diagnostics.set_server_error(error);
    };
    CHECK(process.run({"dump", "sales"}) == 1);
    REQUIRE(process.dumps.size() == 1);
    CHECK(process.dumps[0].connection.password == "file-secret");
    CHECK(process.err.str().find("password file \"/home/osuser/.pgpass\"") != std::string::npos);

    // Other server errors do not point at the password file.
    FakeProcess other;
    other.password_files = process.password_files;
    other.dump_results = {errc::server_error};
    CHECK(other.run({"dump", "sales"}) == 1);
    CHECK(other.err.str().find("password file") == std::string::npos);
}

TEST_CASE("app never prints passwords", "[app]") {
    const std::vector<std::vector<std::string>> runs = {
        {"dump", "-v", "postgresql://u:uri-secret@h/d"},
        {"dump", "-v", "-d", "password=uri-secret bogus=1"},
        {"dump", "-v", "-d", "postgresql://u:uri-secret%zz@h/d"},
        {"dump", "-v", "-W", "sales"},
    };
    for (const auto& arguments : runs) {
        FakeProcess process;
        process.dump_results = {errc::server_error};
        process.run(arguments, {{"PGPASSWORD", "env-secret"}});
        const std::string printed = process.err.str() + process.out.str();
        INFO(printed);
        CHECK(printed.find("secret") == std::string::npos);
    }
}

TEST_CASE("app connection errors exit 1", "[app]") {
    FakeProcess process;
    CHECK(process.run({"dump", "-d", "host=a bogus=1"}) == 1);
    CHECK(process.err.str().find("wiredump: error: invalid connection string in the database name: invalid "
                                 "connection option \"bogus\"") != std::string::npos);
    CHECK(process.dumps.empty());

    FakeProcess tls;
    CHECK(tls.run({"dump", "sales"}, {{"PGSSLMODE", "verify-everything"}}) == 1);
    CHECK(tls.err.str().find("PGSSLMODE") != std::string::npos);
}

TEST_CASE("app verbose log lines", "[app]") {
    FakeProcess process;
    process.on_dump = [](const LogSink& log, Diagnostics&) {
        log(LogLevel::info, "dumping table \"public.t\"");
        log(LogLevel::warning, "table \"public.u\" is unlogged");
    };
    CHECK(process.run({"dump", "-v", "-h", "/tmp", "sales"}) == 0);
    CHECK(process.err.str() ==
          "wiredump: connecting to database \"sales\" as user \"osuser\" on socket directory \"/tmp\" port 5432\n"
          "wiredump: dumping table \"public.t\"\n"
          "wiredump: warning: table \"public.u\" is unlogged\n");

    FakeProcess quiet;
    quiet.on_dump = process.on_dump;
    CHECK(quiet.run({"dump", "sales"}) == 0);
    CHECK(quiet.err.str() == "wiredump: warning: table \"public.u\" is unlogged\n");
}

TEST_CASE("app warns once about an exposed password", "[app]") {
    FakeProcess process;
    CHECK(process.run({"dump", "-d", "host=192.0.2.10,192.0.2.11 user=u password=pw", "-f", "x.dump"}) == 0);
    REQUIRE(process.dumps.size() == 1);
    const auto& handler = process.dumps[0].exposed_password_handler;
    REQUIRE(handler);

    // The handler is copied into the connection, which calls it once per host.
    auto connection_copy = handler;
    wiredump::io::ConnectParams server;
    server.host = "192.0.2.10";
    connection_copy("password", server);
    connection_copy("md5", server);
    const std::string err = process.err.str();
    CHECK(err.find("warning: sending the password in cleartext to server at \"192.0.2.10\", port 5432") !=
          std::string::npos);
    CHECK(err.find("sslmode=require") != std::string::npos);
    CHECK(err.find("MD5") == std::string::npos);
    CHECK(err.find("pw") == std::string::npos);
}

TEST_CASE("app masks a password in the verbose target", "[app]") {
    FakeProcess process;
    CHECK(process.run({"dump", "-v", "-f", "x.dump"}, {{"PGDATABASE", "postgresql://u:s3cret@h/db"}}) == 0);
    CHECK(process.err.str().find("s3cret") == std::string::npos);
    CHECK(process.err.str().find("postgresql://u:********@h/db") != std::string::npos);
}

TEST_CASE("app names further hosts in the verbose target", "[app]") {
    FakeProcess process;
    CHECK(process.run({"dump", "-v", "-h", "a,b,c", "-f", "x.dump", "shop"}) == 0);
    CHECK(process.err.str().find("on host \"a\" port 5432, then 2 more hosts") != std::string::npos);
}
