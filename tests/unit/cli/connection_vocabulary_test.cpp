#include "cli/connection_settings.hpp"
#include "cli/host_list.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace wiredump;
using cli::ConnectionRequest;
using cli::ResolvedConnection;
using cli::settings_errc;
using protocol::Diagnostics;

namespace {

// Files by path; a path that is absent reads as a missing file.
using Files = std::map<std::string, std::string>;

cli::TextFileReader reader_of(const Files& files) {
    return [files](const std::string& path) -> std::optional<std::string> {
        const auto found = files.find(path);
        return found == files.end() ? std::nullopt : std::optional<std::string>(found->second);
    };
}

ConnectionRequest request_for(std::string dbname, cli::Environment environment = {}, const Files& files = {}) {
    ConnectionRequest request;
    request.command_line.dbname = std::move(dbname);
    request.environment = std::move(environment);
    request.os_user = "osuser";
    request.home_directory = "/home/osuser";
    request.read_service_file = reader_of(files);
    return request;
}

std::error_code resolve(const ConnectionRequest& request, ResolvedConnection& resolved, std::string& message,
                        const Files& password_files = {}) {
    Diagnostics diagnostics;
    const auto error = cli::resolve_connection(request, reader_of(password_files), resolved, diagnostics);
    message = diagnostics.client_message();
    return error;
}

ResolvedConnection resolve_ok(const ConnectionRequest& request, const Files& password_files = {}) {
    ResolvedConnection resolved;
    std::string message;
    const auto error = resolve(request, resolved, message, password_files);
    INFO("message: " << message);
    REQUIRE_FALSE(error);
    return resolved;
}

std::string resolve_failure(const ConnectionRequest& request) {
    ResolvedConnection resolved;
    std::string message;
    CHECK(resolve(request, resolved, message) == settings_errc::invalid_value);
    return message;
}

}  // namespace

TEST_CASE("service from connection string") {
    const Files files = {{"/home/osuser/.pg_service.conf", "[shop]\nhost=db1\nport=6432\ndbname=shopdb\nuser=svc\n"}};
    const auto resolved = resolve_ok(request_for("service=shop user=alice", {{"PGHOST", "envhost"}}, files));
    CHECK(resolved.params.host == "db1");
    CHECK(resolved.params.port == 6432);
    CHECK(resolved.params.dbname == "shopdb");
    // The connection string wins over the service file.
    CHECK(resolved.params.user == "alice");
}

TEST_CASE("service wins over environment") {
    const Files files = {{"/etc/pg/pg_service.conf", "[shop]\nhost=db1\n"}};
    const auto resolved =
        resolve_ok(request_for("", {{"PGSERVICE", "shop"}, {"PGSYSCONFDIR", "/etc/pg"}, {"PGHOST", "envhost"},
                                    {"PGPORT", "7000"}},
                               files));
    CHECK(resolved.params.host == "db1");
    CHECK(resolved.params.port == 7000);
}

TEST_CASE("service file lookup order") {
    const Files files = {
        {"/custom/services", "[other]\nhost=x\n"},
        {"/etc/postgresql-common/pg_service.conf", "[shop]\nhost=system\n"},
        {"/home/osuser/.pg_service.conf", "[shop]\nhost=home\n"},
    };
    CHECK(resolve_ok(request_for("service=shop", {}, files)).params.host == "home");
    // PGSERVICEFILE replaces the home file, and the system file is searched next.
    CHECK(resolve_ok(request_for("service=shop", {{"PGSERVICEFILE", "/custom/services"}}, files)).params.host ==
          "system");
}

TEST_CASE("service errors") {
    CHECK(resolve_failure(request_for("service=none")).find("definition of service \"none\" not found") !=
          std::string::npos);

    const Files broken = {{"/home/osuser/.pg_service.conf", "[shop]\nhost db1\n"}};
    const std::string message = resolve_failure(request_for("service=shop", {}, broken));
    CHECK(message.find("\"/home/osuser/.pg_service.conf\", line 2") != std::string::npos);
}

TEST_CASE("host list from keywords") {
    const auto resolved = resolve_ok(request_for("host=a,b,/tmp/sock port=5433 password=pw"));
    const auto& hosts = resolved.params.host_list;
    REQUIRE(hosts.size() == 3);
    CHECK(hosts[0].host == "a");
    CHECK(hosts[2].host == "/tmp/sock");
    CHECK(hosts[1].port == 5433);
    CHECK(hosts[2].port == 5433);
    CHECK(hosts[1].password == "pw");
    CHECK(resolved.params.host == "a");
}

TEST_CASE("host list from URI") {
    const auto resolved = resolve_ok(request_for("postgresql://h1:1111,h2,[::1]:3333/db"));
    const auto& hosts = resolved.params.host_list;
    REQUIRE(hosts.size() == 3);
    CHECK(hosts[0].port == 1111);
    CHECK(hosts[1].host == "h2");
    CHECK(hosts[1].port == 5432);
    CHECK(hosts[2].host == "::1");
    CHECK(hosts[2].port == 3333);
}

TEST_CASE("host list passwords per host") {
    const Files pgpass = {{"/home/osuser/.pgpass", "b:5432:*:*:for-b\n*:*:*:*:fallback\n"}};
    const auto resolved = resolve_ok(request_for("host=a,b"), pgpass);
    REQUIRE(resolved.params.host_list.size() == 2);
    CHECK(resolved.params.host_list[0].password == "fallback");
    CHECK(resolved.params.host_list[1].password == "for-b");
}

TEST_CASE("host list expansion rules") {
    std::vector<io::HostTarget> hosts;
    Diagnostics diagnostics;

    REQUIRE_FALSE(cli::expand_host_list("", "10.0.0.1,10.0.0.2", "1,2", "/sock", hosts, diagnostics));
    REQUIRE(hosts.size() == 2);
    CHECK(hosts[1].host == "10.0.0.2");
    CHECK(hosts[1].hostaddr == "10.0.0.2");
    CHECK(hosts[1].port == 2);

    REQUIRE_FALSE(cli::expand_host_list(",b", "", ",6000", "/sock", hosts, diagnostics));
    REQUIRE(hosts.size() == 2);
    CHECK(hosts[0].host == "/sock");
    CHECK(hosts[0].port == 5432);
    CHECK(hosts[1].port == 6000);

    CHECK(cli::expand_host_list("a,b,c", "", "1,2", "/sock", hosts, diagnostics) == settings_errc::invalid_value);
    CHECK(diagnostics.client_message().find("could not match 2 port numbers to 3 hosts") != std::string::npos);
    CHECK(cli::expand_host_list("a", "1.1.1.1,2.2.2.2", "", "/sock", hosts, diagnostics) ==
          settings_errc::invalid_value);
    CHECK(cli::expand_host_list("a,b", "", "1,x", "/sock", hosts, diagnostics) == settings_errc::invalid_value);
}

TEST_CASE("session options parsed") {
    const auto resolved = resolve_ok(request_for(
        "target_session_attrs=read-write load_balance_hosts=random keepalives_idle=30 keepalives_count=-1 "
        "tcp_user_timeout=9000 max_protocol_version=latest"));
    const io::ConnectParams& params = resolved.params;
    CHECK(params.target_session_attrs == protocol::TargetSessionAttrs::read_write);
    CHECK(params.random_host_order);
    CHECK(params.tcp.keepalives);
    CHECK(params.tcp.keepalives_idle_seconds == 30);
    CHECK(params.tcp.keepalives_count == 0);
    CHECK(params.tcp.user_timeout_milliseconds == 9000);
    CHECK(params.max_protocol_version == protocol::protocol_version_3_2);
    CHECK(params.min_protocol_version == protocol::protocol_version_3_0);
}

TEST_CASE("protocol version defaults") {
    const auto plain = resolve_ok(request_for("dbname=x"));
    CHECK(plain.params.max_protocol_version == protocol::protocol_version_3_0);
    CHECK_FALSE(resolve_ok(request_for("keepalives=0")).params.tcp.keepalives);

    const auto minimum = resolve_ok(request_for("", {{"PGMINPROTOCOLVERSION", "3.2"}}));
    CHECK(minimum.params.min_protocol_version == protocol::protocol_version_3_2);
    CHECK(minimum.params.max_protocol_version == protocol::protocol_version_3_2);
}

TEST_CASE("session options invalid") {
    CHECK(resolve_failure(request_for("target_session_attrs=master")).find("\"master\"") != std::string::npos);
    CHECK(resolve_failure(request_for("load_balance_hosts=yes")).find("load_balance_hosts") != std::string::npos);
    CHECK(resolve_failure(request_for("keepalives=on")).find("\"keepalives\"") != std::string::npos);
    CHECK(resolve_failure(request_for("max_protocol_version=3.1")).find("max_protocol_version") != std::string::npos);
    CHECK(resolve_failure(request_for("min_protocol_version=3.2 max_protocol_version=3.0")).find("greater") !=
          std::string::npos);
}
