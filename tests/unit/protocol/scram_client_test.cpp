#include "protocol/errc.hpp"
#include "protocol/scram_client.hpp"

#include <catch2/catch.hpp>

#include <string>

using wiredump::protocol::errc;
using wiredump::protocol::ScramClient;

namespace {

// RFC 7677 section 3 with user "user", password "pencil" and client nonce
// "rOprNGfwEbeRWgbNEkqO". PostgreSQL clients send "n=," instead of "n=user,",
// which changes the AuthMessage, so the proof and server signature below were
// computed for "n=," with Python's hashlib.pbkdf2_hmac and hmac modules. The
// same script reproduces the RFC's values when given "n=user".
constexpr const char* rfc_nonce = "rOprNGfwEbeRWgbNEkqO";
constexpr const char* rfc_server_first =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
constexpr const char* rfc_client_final =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
    "p=qvT2SWdEH5Q06albL+hjSYuUhCG7VndFyzIb7CK4n9k=";
constexpr const char* rfc_server_final = "v=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtSOg=";

// An exchange between this client, given a fixed nonce, and PostgreSQL 15.20
// for a role with password "pencil", captured on a unix socket. The server
// accepted the client-final message and sent AuthenticationOk.
constexpr const char* recorded_nonce = "Qq3+fGx0wLZ1vPe8yT9aKjR2";
constexpr const char* recorded_server_first =
    "r=Qq3+fGx0wLZ1vPe8yT9aKjR2Dh2c4LVps6K1XA+7b3hvEGQ5,s=AaLi8CMoKkuxtbEvFK8SZQ==,i=4096";
constexpr const char* recorded_client_final =
    "c=biws,r=Qq3+fGx0wLZ1vPe8yT9aKjR2Dh2c4LVps6K1XA+7b3hvEGQ5,"
    "p=C+Hyh0FNA84SJUL4IY7uhuQXDLD0tYgdccNZ4c9bYSQ=";
constexpr const char* recorded_server_final = "v=XeUSgxJyQM3NLjBz7WVPQ5XTot2LAvWBf1f5OvPxHBo=";

// Runs the client up to the point where it waits for the server-final message.
ScramClient client_awaiting_final() {
    ScramClient client("pencil", rfc_nonce);
    client.client_first_message();
    std::string client_final;
    REQUIRE_FALSE(client.handle_server_first(rfc_server_first, client_final));
    return client;
}

}  // namespace

TEST_CASE("scram rfc 7677 vector with empty user", "[scram]") {
    ScramClient client("pencil", rfc_nonce);

    CHECK(client.client_first_message() == "n,,n=,r=rOprNGfwEbeRWgbNEkqO");

    std::string client_final;
    REQUIRE_FALSE(client.handle_server_first(rfc_server_first, client_final));
    CHECK(client_final == rfc_client_final);

    CHECK_FALSE(client.verify_server_final(rfc_server_final));
}

TEST_CASE("scram replays recorded postgresql exchange", "[scram]") {
    ScramClient client("pencil", recorded_nonce);

    CHECK(client.client_first_message() == "n,,n=,r=Qq3+fGx0wLZ1vPe8yT9aKjR2");

    std::string client_final;
    REQUIRE_FALSE(client.handle_server_first(recorded_server_first, client_final));
    CHECK(client_final == recorded_client_final);

    CHECK_FALSE(client.verify_server_final(recorded_server_final));
}

TEST_CASE("scram password goes through saslprep", "[scram]") {
    // U+2168 ROMAN NUMERAL NINE becomes "IX", so both passwords give one proof.
    ScramClient roman("\u2168", rfc_nonce);
    ScramClient ascii("IX", rfc_nonce);
    roman.client_first_message();
    ascii.client_first_message();

    std::string roman_final;
    std::string ascii_final;
    REQUIRE_FALSE(roman.handle_server_first(rfc_server_first, roman_final));
    REQUIRE_FALSE(ascii.handle_server_first(rfc_server_first, ascii_final));
    CHECK(roman_final == ascii_final);
}

TEST_CASE("scram random nonce", "[scram]") {
    ScramClient first("pencil");
    ScramClient second("pencil");
    const std::string first_message = first.client_first_message();
    const std::string second_message = second.client_first_message();

    // "n,,n=,r=" then 18 random bytes in base64, which is 24 characters.
    REQUIRE(first_message.size() == 8 + 24);
    CHECK(first_message.substr(0, 8) == "n,,n=,r=");
    CHECK(first_message.find_first_not_of(
              "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 8) ==
          std::string::npos);
    CHECK(first_message != second_message);
}

TEST_CASE("scram repeated client first message", "[scram]") {
    ScramClient client("pencil", rfc_nonce);
    const std::string first = client.client_first_message();
    CHECK(client.client_first_message() == first);

    std::string client_final;
    CHECK_FALSE(client.handle_server_first(rfc_server_first, client_final));
}

TEST_CASE("scram server first before client first", "[scram]") {
    ScramClient client("pencil", rfc_nonce);
    std::string client_final = "unchanged";

    CHECK(client.handle_server_first(rfc_server_first, client_final) == errc::scram_out_of_order);
    CHECK(client_final == "unchanged");
}

TEST_CASE("scram server final before server first", "[scram]") {
    ScramClient client("pencil", rfc_nonce);
    CHECK(client.verify_server_final(rfc_server_final) == errc::scram_out_of_order);

    client.client_first_message();
    CHECK(client.verify_server_final(rfc_server_final) == errc::scram_out_of_order);
}

TEST_CASE("scram server first twice", "[scram]") {
    ScramClient client = client_awaiting_final();
    std::string client_final = "unchanged";

    CHECK(client.handle_server_first(rfc_server_first, client_final) == errc::scram_out_of_order);
    CHECK(client_final == "unchanged");
}

TEST_CASE("scram calls after success", "[scram]") {
    ScramClient client = client_awaiting_final();
    REQUIRE_FALSE(client.verify_server_final(rfc_server_final));

    std::string client_final;
    CHECK(client.verify_server_final(rfc_server_final) == errc::scram_out_of_order);
    CHECK(client.handle_server_first(rfc_server_first, client_final) == errc::scram_out_of_order);
}

TEST_CASE("scram invalid server first ends exchange", "[scram]") {
    ScramClient client("pencil", rfc_nonce);
    client.client_first_message();
    std::string client_final = "unchanged";

    CHECK(client.handle_server_first("garbage", client_final) == errc::scram_invalid_server_message);
    CHECK(client_final == "unchanged");
    CHECK(client.handle_server_first(rfc_server_first, client_final) == errc::scram_out_of_order);
    CHECK(client.verify_server_final(rfc_server_final) == errc::scram_out_of_order);
}

TEST_CASE("scram nonce checks", "[scram]") {
    struct NonceCase {
        const char* name;
        const char* server_first;
    };
    const NonceCase cases[] = {
        {"nonce equal to client nonce", "r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"},
        {"nonce shorter than client nonce", "r=rOprNGfw,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"},
        {"nonce with other prefix", "r=XOprNGfwEbeRWgbNEkqOabc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"},
        {"nonce differs in last byte", "r=rOprNGfwEbeRWgbNEkqPabc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"},
        {"nonce contains client nonce later", "r=xrOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"},
    };

    for (const auto& c : cases) {
        INFO("case: " << c.name);
        ScramClient client("pencil", rfc_nonce);
        client.client_first_message();
        std::string client_final;
        CHECK(client.handle_server_first(c.server_first, client_final) == errc::scram_nonce_mismatch);
    }
}

TEST_CASE("scram server final errors", "[scram]") {
    struct FinalCase {
        const char* name;
        const char* server_final;
        errc expected;
    };
    const FinalCase cases[] = {
        {"wrong signature", "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
         errc::scram_server_signature_mismatch},
        {"signature off by one bit", "v=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtSOk=",
         errc::scram_server_signature_mismatch},
        {"server error value", "e=invalid-proof", errc::scram_server_rejected},
        {"empty message", "", errc::scram_missing_attribute},
        {"other attribute only", "x=abc", errc::scram_missing_attribute},
        {"extension before verifier", "x=abc,v=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtSOg=",
         errc::scram_attribute_out_of_order},
        {"extension after verifier", "v=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtSOg=,x=abc",
         errc::scram_invalid_server_message},
        {"trailing comma", "v=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtSOg=,",
         errc::scram_invalid_server_message},
        {"invalid base64 character", "v=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtS*g=",
         errc::scram_invalid_base64},
        {"base64 without padding", "v=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtSOg",
         errc::scram_invalid_base64},
        {"signature too short", "v=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBt", errc::scram_invalid_server_message},
        {"signature empty", "v=", errc::scram_invalid_server_message},
        {"error value empty", "e=", errc::scram_invalid_server_message},
        {"no equals sign", "v", errc::scram_invalid_server_message},
        {"uppercase attribute name", "V=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtSOg=",
         errc::scram_missing_attribute},
    };

    for (const auto& c : cases) {
        INFO("case: " << c.name);
        ScramClient client = client_awaiting_final();
        CHECK(client.verify_server_final(c.server_final) == c.expected);
        CHECK(client.verify_server_final(rfc_server_final) == errc::scram_out_of_order);
    }
}

TEST_CASE("scram server error value kept", "[scram]") {
    ScramClient client = client_awaiting_final();
    CHECK(client.server_error_value().empty());

    CHECK(client.verify_server_final("e=unknown-user") == errc::scram_server_rejected);
    CHECK(client.server_error_value() == "unknown-user");
}

TEST_CASE("scram error messages name the fault", "[scram]") {
    const std::error_code code = errc::scram_attribute_out_of_order;
    CHECK(code.message().find("out of order") != std::string::npos);
    CHECK(std::error_code(errc::scram_server_rejected).message().find("e=") != std::string::npos);
}

TEST_CASE("scram proofs match python hashlib", "[scram]") {
    // Proofs for server-first "r=abcd,s=QSBzYWx0,i=2" and client nonce "abc",
    // computed with Python's hashlib.pbkdf2_hmac and hmac modules. The long
    // password is above the 64-byte HMAC block size, so HMAC hashes the key.
    // The non-UTF-8 password must be hashed as its raw bytes.
    struct ProofCase {
        const char* name;
        std::string password;
        const char* expected_proof;
    };
    const ProofCase cases[] = {
        {"password longer than hmac block", std::string(80, 'a'), "kQ0seCj2IaktoumU51GVyhRFILCZ/xj4+SBGlquJGAI="},
        {"password not utf-8", "\xFF\xFE" "ab", "lr88KIECmX7wF+V6YQtXf8yxAUDnZHghQmrqoiE6Luw="},
        {"long non-ascii password", [] {
             std::string text;
             for (int i = 0; i < 40; ++i) text += "\u00E9";
             return text;
         }(),
         "vsjH6+GXWvETq9NPyOLS3LxIlXVQtQ932ljchHWxWu0="},
    };

    for (const auto& c : cases) {
        INFO("case: " << c.name);
        ScramClient client(c.password, "abc");
        client.client_first_message();

        std::string client_final;
        REQUIRE_FALSE(client.handle_server_first("r=abcd,s=QSBzYWx0,i=2", client_final));
        CHECK(client_final == std::string("c=biws,r=abcd,p=") + c.expected_proof);
    }
}
