#include "io/connection.hpp"
#include "io/open_transport.hpp"
#include "protocol/errc.hpp"

#include <catch2/catch.hpp>

using namespace wiredump;

TEST_CASE("unix socket path") {
    io::ConnectParams params;
    params.host = "/run/postgresql";
    params.port = 5433;
    CHECK(io::unix_socket_path(params) == "/run/postgresql/.s.PGSQL.5433");

    params.host = "/tmp/";
    CHECK(io::unix_socket_path(params) == "/tmp/.s.PGSQL.5433");
}

TEST_CASE("describe server like libpq") {
    io::ConnectParams params;
    params.host = "/run/postgresql";
    CHECK(io::describe_server(params, "") == "server on socket \"/run/postgresql/.s.PGSQL.5432\"");

    params.host = "127.0.0.1";
    params.port = 25431;
    CHECK(io::describe_server(params, "127.0.0.1") == "server at \"127.0.0.1\", port 25431");

    params.host = "db.example";
    CHECK(io::describe_server(params, "10.0.0.5") == "server at \"db.example\" (10.0.0.5), port 25431");
    CHECK(io::describe_server(params, "") == "server at \"db.example\", port 25431");

    params.host.clear();
    params.hostaddr = "::1";
    CHECK(io::describe_server(params, "::1") == "server at \"::1\", port 25431");
}

TEST_CASE("unix socket path too long") {
    io::ConnectParams params;
    params.host = "/" + std::string(200, 'd');
    protocol::Diagnostics diagnostics;
    io::Connection connection;
    const std::error_code error = connection.connect(params, diagnostics);
    CHECK(error == std::errc::filename_too_long);
    CHECK(diagnostics.client_message().find("maximum is 107") != std::string::npos);
}

TEST_CASE("invalid hostaddr") {
    io::ConnectParams params;
    params.host = "db.example";
    params.hostaddr = "300.1.1.1";
    protocol::Diagnostics diagnostics;
    io::Connection connection;
    CHECK(connection.connect(params, diagnostics));
    CHECK(diagnostics.client_message().find("could not parse network address \"300.1.1.1\"") != std::string::npos);
}

TEST_CASE("calls before connect") {
    io::Connection connection;
    protocol::Diagnostics diagnostics;
    protocol::QueryResult result;
    CHECK(connection.query("select 1", result, diagnostics) == protocol::errc::not_connected);
    CHECK(connection.execute("select 1", diagnostics) == protocol::errc::not_connected);
    CHECK(connection.copy_out("copy t to stdout", {}, diagnostics) == protocol::errc::not_connected);
    CHECK(connection.server_version_num() == 0);
    CHECK(connection.parameter("server_version").empty());
    connection.close();
}
