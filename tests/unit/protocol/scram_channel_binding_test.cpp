#include "protocol/errc.hpp"
#include "protocol/scram_client.hpp"

#include <catch2/catch.hpp>

#include <string>

using wiredump::protocol::ScramChannelBinding;
using wiredump::protocol::ScramClient;

namespace {

// The RFC 7677 section 3 exchange (password "pencil") with the gs2 header
// and c= value changed for channel binding. The proofs and signatures were
// computed with Python's hashlib.pbkdf2_hmac and hmac modules from the same
// AuthMessage the client builds.
constexpr const char* nonce = "rOprNGfwEbeRWgbNEkqO";
constexpr const char* server_first =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

// tls-server-end-point data 0x00, 0x01, ..., 0x1f, as a SHA-256 hash would be.
ScramChannelBinding end_point_binding() {
    ScramChannelBinding binding;
    binding.flag = ScramChannelBinding::Flag::tls_server_end_point;
    for (int i = 0; i < 32; ++i) binding.data.push_back(static_cast<std::uint8_t>(i));
    return binding;
}

}  // namespace

TEST_CASE("scram plus client first message", "[scram]") {
    ScramClient client("pencil", nonce, end_point_binding());
    CHECK(client.mechanism_name() == "SCRAM-SHA-256-PLUS");
    CHECK(client.client_first_message() == "p=tls-server-end-point,,n=,r=rOprNGfwEbeRWgbNEkqO");
}

TEST_CASE("scram plus client final carries binding", "[scram]") {
    ScramClient client("pencil", nonce, end_point_binding());
    client.client_first_message();

    std::string client_final;
    REQUIRE_FALSE(client.handle_server_first(server_first, client_final));
    // base64("p=tls-server-end-point,," followed by the 32 data bytes)
    CHECK(client_final ==
          "c=cD10bHMtc2VydmVyLWVuZC1wb2ludCwsAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,"
          "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=Q8h71kjaoMzNI7dPksDrhRE/5mTUObF0fUHVIgBOWQg=");

    CHECK_FALSE(client.channel_bound());
    CHECK_FALSE(client.verify_server_final("v=ykwoqH8mLqO5AQCeuwwf6lsj9f8zyJZT/CcvAbN4Ssc="));
    CHECK(client.channel_bound());
}

TEST_CASE("scram y flag without plus offer", "[scram]") {
    ScramChannelBinding binding;
    binding.flag = ScramChannelBinding::Flag::server_not_offering;
    ScramClient client("pencil", nonce, binding);
    CHECK(client.mechanism_name() == "SCRAM-SHA-256");
    CHECK(client.client_first_message() == "y,,n=,r=rOprNGfwEbeRWgbNEkqO");

    std::string client_final;
    REQUIRE_FALSE(client.handle_server_first(server_first, client_final));
    CHECK(client_final == "c=eSws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                          "p=VpuC5DGQa5ro9tXE9MnKs69NH1nxnuregZZcclqIGfM=");
    CHECK_FALSE(client.verify_server_final("v=FOmOj9BpTGwvnzwBtWQjBaPmVxT9I8IeHBOhcIPu3us="));
    CHECK_FALSE(client.channel_bound());
}

TEST_CASE("scram without binding uses n flag", "[scram]") {
    ScramClient client("pencil", nonce);
    CHECK(client.mechanism_name() == "SCRAM-SHA-256");
    CHECK(client.client_first_message() == "n,,n=,r=rOprNGfwEbeRWgbNEkqO");
}

TEST_CASE("scram plus wrong signature not bound", "[scram]") {
    ScramClient client("pencil", nonce, end_point_binding());
    client.client_first_message();
    std::string client_final;
    REQUIRE_FALSE(client.handle_server_first(server_first, client_final));
    // The signature of the exchange without binding does not fit this one.
    CHECK(client.verify_server_final("v=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtSOg=") ==
          wiredump::protocol::errc::scram_server_signature_mismatch);
    CHECK_FALSE(client.channel_bound());
}
