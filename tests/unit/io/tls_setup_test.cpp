#include "io/tls_setup.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using wiredump::io::key_file_permission_problem;
using wiredump::io::sends_sni;

TEST_CASE("key file permissions", "[tls]") {
    const uid_t me = 1000;
    CHECK(key_file_permission_problem("k", 0600, me, me).empty());
    CHECK(key_file_permission_problem("k", 0400, me, me).empty());
    CHECK_FALSE(key_file_permission_problem("k", 0640, me, me).empty());
    CHECK_FALSE(key_file_permission_problem("k", 0604, me, me).empty());
    CHECK_FALSE(key_file_permission_problem("k", 0610, me, me).empty());

    // A root-owned key may be group-readable, for a group the user is in.
    CHECK(key_file_permission_problem("k", 0640, 0, me).empty());
    CHECK_FALSE(key_file_permission_problem("k", 0660, 0, me).empty());
    CHECK_FALSE(key_file_permission_problem("k", 0644, 0, me).empty());

    // Another user's file is left to the open call, as libpq does.
    CHECK(key_file_permission_problem("k", 0644, 2000, me).empty());

    const std::string message = key_file_permission_problem("/home/u/.postgresql/postgresql.key", 0644, me, me);
    CHECK(message.find("\"/home/u/.postgresql/postgresql.key\"") != std::string::npos);
    CHECK(message.find("chmod 600") != std::string::npos);
}

TEST_CASE("sni host names", "[tls]") {
    CHECK(sends_sni("localhost"));
    CHECK(sends_sni("db.example.test"));
    CHECK(sends_sni("db1"));
    CHECK_FALSE(sends_sni(""));
    CHECK_FALSE(sends_sni("127.0.0.1"));
    CHECK_FALSE(sends_sni("::1"));
    CHECK_FALSE(sends_sni("fe80::1"));
}
