#include "io/run_operation.hpp"
#include "protocol/errc.hpp"
#include "protocol/statement_operation.hpp"
#include "protocol/wire_bytes.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace wiredump;

namespace {

// A Transport over in-memory bytes. Reads return the canned server bytes three
// at a time and then end of stream or a read error. Writes are recorded.
class MemoryTransport final : public io::Transport {
public:
    explicit MemoryTransport(std::vector<std::uint8_t> server_bytes) : server_bytes_(std::move(server_bytes)) {}

    std::size_t read_some(std::span<std::uint8_t> space, std::error_code& error) override {
        if (offset_ == server_bytes_.size()) {
            error = error_after_bytes;
            return 0;
        }
        const std::size_t count = std::min({space.size(), server_bytes_.size() - offset_, std::size_t{3}});
        std::copy_n(server_bytes_.begin() + static_cast<std::ptrdiff_t>(offset_), count, space.begin());
        offset_ += count;
        return count;
    }

    void write_all(std::span<const std::uint8_t> bytes, std::error_code& error) override {
        written.insert(written.end(), bytes.begin(), bytes.end());
        error = write_error;
    }

    void set_deadline(io::Deadline) override {}
    void close() override {}

    std::vector<std::uint8_t> written;
    std::error_code write_error;
    std::error_code error_after_bytes;  // empty: end of stream

private:
    std::vector<std::uint8_t> server_bytes_;
    std::size_t offset_ = 0;
};

std::vector<std::uint8_t> select_one_reply() {
    using namespace protocol::test;
    return concat({row_description({"a"}), data_row({"1"}), command_complete("SELECT 1"), ready_for_query()});
}

struct Fixture {
    protocol::ReceiveBuffer buffer{8};
    protocol::SessionState session;
    protocol::Diagnostics diagnostics;
    protocol::QueryResult result;
};

}  // namespace

TEST_CASE("run operation to ready") {
    MemoryTransport transport(select_one_reply());
    Fixture fixture;
    protocol::QueryOperation operation("select 1", &fixture.result, fixture.buffer, fixture.session,
                                       fixture.diagnostics);

    CHECK_FALSE(io::run_operation(transport, operation));
    CHECK(operation.connection_usable());
    CHECK(transport.written == protocol::test::query("select 1"));
    REQUIRE(fixture.result.rows.size() == 1);
    CHECK(fixture.result.rows[0][0] == "1");
    CHECK(fixture.result.command_tag == "SELECT 1");
}

TEST_CASE("run operation end of stream") {
    std::vector<std::uint8_t> reply = select_one_reply();
    reply.resize(20);
    MemoryTransport transport(reply);
    Fixture fixture;
    protocol::QueryOperation operation("select 1", &fixture.result, fixture.buffer, fixture.session,
                                       fixture.diagnostics);

    CHECK(io::run_operation(transport, operation) == protocol::errc::connection_closed);
    CHECK_FALSE(operation.connection_usable());
}

TEST_CASE("run operation read error") {
    MemoryTransport transport({});
    transport.error_after_bytes = std::make_error_code(std::errc::timed_out);
    Fixture fixture;
    protocol::QueryOperation operation("select 1", &fixture.result, fixture.buffer, fixture.session,
                                       fixture.diagnostics);

    CHECK(io::run_operation(transport, operation) == std::errc::timed_out);
    CHECK_FALSE(operation.connection_usable());
    CHECK(fixture.diagnostics.client_message().find("could not receive data from the server") != std::string::npos);
}

TEST_CASE("run operation write error") {
    MemoryTransport transport(select_one_reply());
    transport.write_error = std::make_error_code(std::errc::broken_pipe);
    Fixture fixture;
    protocol::QueryOperation operation("select 1", &fixture.result, fixture.buffer, fixture.session,
                                       fixture.diagnostics);

    CHECK(io::run_operation(transport, operation) == std::errc::broken_pipe);
    CHECK_FALSE(operation.connection_usable());
    CHECK(fixture.diagnostics.client_message().find("could not send data to the server") != std::string::npos);
}
