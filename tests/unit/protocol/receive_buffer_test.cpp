#include "protocol/receive_buffer.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using wiredump::protocol::ReceiveBuffer;

namespace {

void receive(ReceiveBuffer& buffer, std::size_t count, std::uint8_t value) {
    const auto space = buffer.prepare(count);
    REQUIRE(space.size() >= count);
    std::fill_n(space.begin(), count, value);
    buffer.commit(count);
}

}  // namespace

TEST_CASE("receive buffer compacts before growing") {
    ReceiveBuffer buffer(8);
    receive(buffer, 6, 1);
    buffer.consume(4);
    CHECK(buffer.data().size() == 2);

    // 2 unread bytes plus 6 new ones fit once the unread bytes move to the front.
    receive(buffer, 6, 2);
    CHECK(buffer.capacity() == 8);
    REQUIRE(buffer.data().size() == 8);
    CHECK(buffer.data()[0] == 1);
    CHECK(buffer.data()[1] == 1);
    CHECK(buffer.data()[2] == 2);
}

TEST_CASE("receive buffer grows for large message") {
    ReceiveBuffer buffer(8);
    receive(buffer, 5, 1);
    receive(buffer, 100, 2);
    CHECK(buffer.capacity() >= 105);
    REQUIRE(buffer.data().size() == 105);
    CHECK(buffer.data()[4] == 1);
    CHECK(buffer.data()[5] == 2);
}

TEST_CASE("receive buffer consume all resets") {
    ReceiveBuffer buffer(8);
    receive(buffer, 8, 1);
    buffer.consume(8);
    CHECK(buffer.data().empty());
    CHECK(buffer.prepare(1).size() == 8);

    // Consuming more than is stored only empties the buffer.
    receive(buffer, 3, 1);
    buffer.consume(10);
    CHECK(buffer.data().empty());
}
