#include "cli/connection_settings.hpp"
#include "protocol/conninfo.hpp"

#include <catch2/catch.hpp>

#include <map>

using wiredump::cli::ConnectionRequest;
using wiredump::cli::Environment;
using wiredump::cli::PasswordSource;
using wiredump::cli::ResolvedConnection;
using wiredump::cli::settings_errc;
using wiredump::protocol::Diagnostics;

namespace {

// Password files by path; a path that is absent reads as a missing file.
using PasswordFiles = std::map<std::string, std::string>;

ConnectionRequest make_request(Environment environment = {}) {
    ConnectionRequest request;
    request.environment = std::move(environment);
    request.os_user = "osuser";
    request.home_directory = "/home/osuser";
    return request;
}

ResolvedConnection resolve(const ConnectionRequest& request, const PasswordFiles& files = {}) {
    ResolvedConnection resolved;
    Diagnostics diagnostics;
    auto reader = [&files](const std::string& path) -> std::optional<std::string> {
        auto found = files.find(path);
        return found == files.end() ? std::nullopt : std::optional<std::string>(found->second);
    };
    const std::error_code error = wiredump::cli::resolve_connection(request, reader, resolved, diagnostics);
    INFO("message: " << diagnostics.client_message());
    REQUIRE_FALSE(error);
    return resolved;
}

std::pair<std::error_code, std::string> resolve_error(const ConnectionRequest& request) {
    ResolvedConnection resolved;
    Diagnostics diagnostics;
    const std::error_code error = wiredump::cli::resolve_connection(request, {}, resolved, diagnostics);
    return {error, diagnostics.client_message()};
}

}  // namespace

TEST_CASE("settings defaults", "[settings]") {
    const ResolvedConnection resolved = resolve(make_request());
    CHECK(resolved.params.host == "/var/run/postgresql");
    CHECK(resolved.params.is_unix_socket());
    CHECK(resolved.params.port == 5432);
    CHECK(resolved.params.user == "osuser");
    CHECK(resolved.params.dbname == "osuser");
    CHECK(resolved.params.application_name == "wiredump");
    CHECK_FALSE(resolved.params.password);
    CHECK(resolved.password_source == PasswordSource::none);
    CHECK(resolved.params.startup_parameters.empty());
    CHECK(resolved.params.connect_timeout_seconds == 0);
}

TEST_CASE("settings command-line options", "[settings]") {
    ConnectionRequest request = make_request();
    request.command_line.host = "db.example.com";
    request.command_line.port = "6543";
    request.command_line.user = "alice";
    request.command_line.dbname = "sales";
    const ResolvedConnection resolved = resolve(request);
    CHECK(resolved.params.host == "db.example.com");
    CHECK_FALSE(resolved.params.is_unix_socket());
    CHECK(resolved.params.port == 6543);
    CHECK(resolved.params.user == "alice");
    CHECK(resolved.params.dbname == "sales");
}

TEST_CASE("settings environment variables", "[settings]") {
    const ResolvedConnection resolved = resolve(make_request({{"PGHOST", "/tmp/sock"},
                                                              {"PGPORT", "7777"},
                                                              {"PGUSER", "envuser"},
                                                              {"PGDATABASE", "envdb"},
                                                              {"PGAPPNAME", "nightly"},
                                                              {"PGCONNECT_TIMEOUT", "15"},
                                                              {"PGOPTIONS", "-c work_mem=64MB"},
                                                              {"PGCLIENTENCODING", "UTF8"}}));
    CHECK(resolved.params.host == "/tmp/sock");
    CHECK(resolved.params.port == 7777);
    CHECK(resolved.params.user == "envuser");
    CHECK(resolved.params.dbname == "envdb");
    CHECK(resolved.params.application_name == "nightly");
    CHECK(resolved.params.connect_timeout_seconds == 15);
    CHECK(resolved.params.startup_parameters.at("options") == "-c work_mem=64MB");
    CHECK(resolved.params.startup_parameters.at("client_encoding") == "UTF8");
}

TEST_CASE("settings options override environment", "[settings]") {
    ConnectionRequest request = make_request({{"PGHOST", "envhost"}, {"PGPORT", "1111"}, {"PGUSER", "envuser"},
                                              {"PGDATABASE", "envdb"}});
    request.command_line.host = "clihost";
    request.command_line.port = "2222";
    request.command_line.user = "cliuser";
    request.command_line.dbname = "clidb";
    const ResolvedConnection resolved = resolve(request);
    CHECK(resolved.params.host == "clihost");
    CHECK(resolved.params.port == 2222);
    CHECK(resolved.params.user == "cliuser");
    CHECK(resolved.params.dbname == "clidb");
}

TEST_CASE("settings connection string overrides options", "[settings]") {
    // pg_dump passes -h, -p and -U before the dbname connection string.
    ConnectionRequest request = make_request({{"PGHOST", "/envhost"}});
    request.command_line.host = "/clihost";
    request.command_line.port = "9";
    request.command_line.user = "cliuser";
    request.command_line.dbname = "host=/strhost user=struser";
    const ResolvedConnection resolved = resolve(request);
    CHECK(resolved.params.host == "/strhost");
    CHECK(resolved.params.port == 9);
    CHECK(resolved.params.user == "struser");
    CHECK(resolved.params.dbname == "struser");
}

TEST_CASE("settings URI overrides options", "[settings]") {
    ConnectionRequest request = make_request();
    request.command_line.host = "clihost";
    request.command_line.user = "cliuser";
    request.command_line.dbname = "postgresql://uriuser@[::1]:6000/uridb?application_name=fromuri";
    const ResolvedConnection resolved = resolve(request);
    CHECK(resolved.params.host == "::1");
    CHECK(resolved.params.port == 6000);
    CHECK(resolved.params.user == "uriuser");
    CHECK(resolved.params.dbname == "uridb");
    CHECK(resolved.params.application_name == "fromuri");
}

TEST_CASE("settings empty string value blocks environment", "[settings]") {
    // A set-but-empty value counts as set, so PGHOST is not consulted and
    // the default socket applies.
    ConnectionRequest request = make_request({{"PGHOST", "/envhost"}});
    request.command_line.host = "/clihost";
    request.command_line.dbname = "host='' dbname=d";
    const ResolvedConnection resolved = resolve(request);
    CHECK(resolved.params.host == "/var/run/postgresql");
    CHECK(resolved.params.dbname == "d");
}

TEST_CASE("settings empty environment variables", "[settings]") {
    const ResolvedConnection resolved = resolve(make_request({{"PGHOST", ""}, {"PGUSER", ""}, {"PGPORT", ""}}));
    CHECK(resolved.params.host == "/var/run/postgresql");
    CHECK(resolved.params.user == "osuser");
    CHECK(resolved.params.port == 5432);
}

TEST_CASE("settings empty options are skipped", "[settings]") {
    ConnectionRequest request = make_request({{"PGHOST", "/envhost"}, {"PGDATABASE", "envdb"}});
    request.command_line.host = "";
    request.command_line.dbname = "";
    const ResolvedConnection resolved = resolve(request);
    CHECK(resolved.params.host == "/envhost");
    CHECK(resolved.params.dbname == "envdb");
}

TEST_CASE("settings plain dbname is not expanded", "[settings]") {
    ConnectionRequest request = make_request();
    request.command_line.dbname = "my db";
    CHECK(resolve(request).params.dbname == "my db");
}

TEST_CASE("settings dbname defaults to user", "[settings]") {
    ConnectionRequest request = make_request({{"PGUSER", "envuser"}});
    CHECK(resolve(request).params.dbname == "envuser");
    request.command_line.user = "cliuser";
    CHECK(resolve(request).params.dbname == "cliuser");
}

TEST_CASE("settings hostaddr", "[settings]") {
    ConnectionRequest request = make_request();
    request.command_line.dbname = "hostaddr=127.0.0.1 dbname=d";
    ResolvedConnection resolved = resolve(request);
    CHECK(resolved.params.hostaddr == "127.0.0.1");
    CHECK(resolved.params.host == "127.0.0.1");

    request.command_line.host = "db.example.com";
    resolved = resolve(request);
    CHECK(resolved.params.hostaddr == "127.0.0.1");
    CHECK(resolved.params.host == "db.example.com");
}

TEST_CASE("settings connect timeout rules", "[settings]") {
    const std::vector<std::pair<std::string, int>> cases = {{"0", 0}, {"-5", 0}, {"1", 2}, {"2", 2}, {" 30 ", 30}};
    for (const auto& [text, seconds] : cases) {
        INFO("connect_timeout=" << text);
        CHECK(resolve(make_request({{"PGCONNECT_TIMEOUT", text}})).params.connect_timeout_seconds == seconds);
    }
}

TEST_CASE("settings application name", "[settings]") {
    ConnectionRequest request = make_request();
    request.command_line.dbname = "fallback_application_name=other";
    CHECK(resolve(request).params.application_name == "wiredump");
    request.command_line.dbname = "application_name=mine";
    CHECK(resolve(request).params.application_name == "mine");
}

TEST_CASE("settings password sources", "[settings]") {
    const PasswordFiles files = {{"/home/osuser/.pgpass", "*:*:*:*:fromfile\n"}};

    ConnectionRequest request = make_request();
    ResolvedConnection resolved = resolve(request, files);
    CHECK(resolved.params.password == "fromfile");
    CHECK(resolved.password_source == PasswordSource::password_file);
    CHECK(resolved.password_file == "/home/osuser/.pgpass");

    request.environment["PGPASSWORD"] = "fromenv";
    resolved = resolve(request, files);
    CHECK(resolved.params.password == "fromenv");
    CHECK(resolved.password_source == PasswordSource::environment);

    request.prompted_password = "typed";
    resolved = resolve(request, files);
    CHECK(resolved.params.password == "typed");
    CHECK(resolved.password_source == PasswordSource::prompt);

    request.command_line.dbname = "postgresql://u:fromuri@h/d";
    resolved = resolve(request, files);
    CHECK(resolved.params.password == "fromuri");
    CHECK(resolved.password_source == PasswordSource::connection_string);
}

TEST_CASE("settings empty password uses file", "[settings]") {
    const PasswordFiles files = {{"/home/osuser/.pgpass", "*:*:*:*:fromfile\n"}};
    ConnectionRequest request = make_request({{"PGPASSWORD", ""}});
    const ResolvedConnection resolved = resolve(request, files);
    CHECK(resolved.params.password == "fromfile");
}

TEST_CASE("settings password file location", "[settings]") {
    const PasswordFiles files = {
        {"/home/osuser/.pgpass", "*:*:*:*:home\n"},
        {"/etc/env.pgpass", "*:*:*:*:env\n"},
        {"/etc/string.pgpass", "*:*:*:*:string\n"},
    };
    ConnectionRequest request = make_request({{"PGPASSFILE", "/etc/env.pgpass"}});
    CHECK(resolve(request, files).params.password == "env");

    request.command_line.dbname = "passfile=/etc/string.pgpass";
    CHECK(resolve(request, files).params.password == "string");

    ConnectionRequest homeless = make_request();
    homeless.home_directory.clear();
    CHECK_FALSE(resolve(homeless, files).params.password);
}

TEST_CASE("settings password file lookup keys", "[settings]") {
    const PasswordFiles files = {{"/home/osuser/.pgpass",
                                  "localhost:5432:osuser:osuser:socket\n"
                                  "db.example.com:6543:sales:alice:remote\n"
                                  "127.0.0.1:5432:d:osuser:byaddress\n"}};

    CHECK(resolve(make_request(), files).params.password == "socket");

    ConnectionRequest remote = make_request();
    remote.command_line.host = "db.example.com";
    remote.command_line.port = "6543";
    remote.command_line.user = "alice";
    remote.command_line.dbname = "sales";
    CHECK(resolve(remote, files).params.password == "remote");

    // Without host, libpq looks the password up under hostaddr.
    ConnectionRequest by_address = make_request();
    by_address.command_line.dbname = "hostaddr=127.0.0.1 dbname=d";
    CHECK(resolve(by_address, files).params.password == "byaddress");

    ConnectionRequest other_socket = make_request();
    other_socket.command_line.host = "/tmp";
    CHECK_FALSE(resolve(other_socket, files).params.password);
}

TEST_CASE("settings invalid values", "[settings]") {
    const std::vector<std::tuple<Environment, settings_errc, std::string>> cases = {
        {{{"PGPORT", "0"}}, settings_errc::invalid_value, "invalid port number \"0\""},
        {{{"PGPORT", "65536"}}, settings_errc::invalid_value, "invalid port number \"65536\""},
        {{{"PGPORT", "54x"}}, settings_errc::invalid_value, "invalid port number \"54x\""},
        {{{"PGCONNECT_TIMEOUT", "soon"}}, settings_errc::invalid_value, "invalid connect_timeout \"soon\""},
        {{{"PGSSLMODE", "bogus"}}, settings_errc::invalid_value, "invalid value in connection setting sslmode=bogus"},
    };
    for (const auto& [environment, code, message] : cases) {
        const auto [error, text] = resolve_error(make_request(environment));
        INFO("message: " << text);
        CHECK(error == code);
        CHECK(text.find(message) != std::string::npos);
    }
}

TEST_CASE("settings unsupported values", "[settings]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"gssencmode=require", "GSSAPI"},
        {"requirepeer=postgres", "requirepeer"},
        {"require_auth=scram-sha-256", "require_auth"},
        {"replication=database", "replication"},
    };
    for (const auto& [text, message] : cases) {
        ConnectionRequest request = make_request();
        request.command_line.dbname = text;
        const auto [error, reason] = resolve_error(request);
        INFO("input: " << text << "\nmessage: " << reason);
        CHECK(error == settings_errc::unsupported_setting);
        CHECK(reason.find(message) != std::string::npos);
    }
}

TEST_CASE("settings honoured TLS modes", "[settings]") {
    for (const char* text : {"sslmode=disable", "sslmode=allow", "sslmode=prefer", "gssencmode=prefer",
                             "channel_binding=prefer", "target_session_attrs=any", "sslrootcert=/x"}) {
        ConnectionRequest request = make_request();
        request.command_line.dbname = text;
        INFO(text);
        CHECK_FALSE(resolve_error(request).first);
    }
}

TEST_CASE("settings environment sslmode", "[settings]") {
    const ResolvedConnection resolved = resolve(make_request({{"PGSSLMODE", "require"}}));
    CHECK(resolved.params.tls.mode == wiredump::io::SslMode::require);
}

TEST_CASE("settings invalid connection string", "[settings]") {
    ConnectionRequest request = make_request();
    request.command_line.dbname = "host=a bogus=1";
    const auto [error, message] = resolve_error(request);
    CHECK(error == wiredump::protocol::conninfo_errc::invalid_option);
    CHECK(message.find("invalid connection option \"bogus\"") != std::string::npos);
}
