#include "protocol/backend_message.hpp"
#include "protocol/errc.hpp"
#include "wire_bytes.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <string>

using namespace wiredump::protocol;
using wiredump::protocol::test::BodyBuilder;
using wiredump::protocol::test::ByteVector;

namespace {

struct ParseCase {
    std::string name;
    std::function<std::error_code(Bytes)> parse;
    ByteVector body;
    std::error_code expected;
};

std::error_code parse_auth(Bytes body) {
    AuthenticationRequest out;
    return parse_authentication(body, out);
}
std::error_code parse_status(Bytes body) {
    ParameterStatus out;
    return parse_parameter_status(body, out);
}
std::error_code parse_key(Bytes body) {
    BackendKeyData out;
    return parse_backend_key_data(body, out);
}
std::error_code parse_ready(Bytes body) {
    ReadyForQuery out;
    return parse_ready_for_query(body, out);
}
std::error_code parse_negotiate(Bytes body) {
    NegotiateProtocolVersion out;
    return parse_negotiate_protocol_version(body, out);
}
std::error_code parse_error(Bytes body) {
    ServerError out;
    return parse_error_response(body, out);
}
std::error_code parse_rows(Bytes body) {
    std::vector<ColumnDescription> out;
    return parse_row_description(body, out);
}
std::error_code parse_row(Bytes body) {
    DataRow out;
    return parse_data_row(body, out);
}
std::error_code parse_complete(Bytes body) {
    CommandComplete out;
    return parse_command_complete(body, out);
}
std::error_code parse_copy(Bytes body) {
    CopyResponse out;
    return parse_copy_response(body, out);
}
std::error_code parse_notification(Bytes body) {
    NotificationResponse out;
    return parse_notification_response(body, out);
}

ByteVector one_column(std::string_view name) {
    return BodyBuilder().int16(1).cstring(name).int32(16384).int16(1).int32(23).int16(4).int32(-1).int16(0).bytes();
}

ByteVector without_last_byte(ByteVector bytes) {
    bytes.pop_back();
    return bytes;
}

const std::error_code ok;
const std::error_code truncated = errc::message_truncated;
const std::error_code trailing = errc::trailing_bytes;
const std::error_code invalid = errc::invalid_field;
const std::error_code unsupported = errc::unsupported_auth_method;

}  // namespace

TEST_CASE("backend parsers, case table") {
    const std::vector<ParseCase> cases = {
        {"auth ok", parse_auth, BodyBuilder().int32(0).bytes(), ok},
        {"auth ok trailing", parse_auth, BodyBuilder().int32(0).int8(1).bytes(), trailing},
        {"auth empty", parse_auth, {}, truncated},
        {"auth code cut", parse_auth, {0, 0, 0}, truncated},
        {"auth cleartext", parse_auth, BodyBuilder().int32(3).bytes(), ok},
        {"auth md5", parse_auth, BodyBuilder().int32(5).raw("salt").bytes(), ok},
        {"auth md5 short salt", parse_auth, BodyBuilder().int32(5).raw("sal").bytes(), truncated},
        {"auth md5 long salt", parse_auth, BodyBuilder().int32(5).raw("salts").bytes(), trailing},
        {"auth sasl", parse_auth, BodyBuilder().int32(10).cstring("SCRAM-SHA-256").cstring("").bytes(), ok},
        {"auth sasl no end", parse_auth, BodyBuilder().int32(10).cstring("SCRAM-SHA-256").bytes(), truncated},
        {"auth sasl trailing", parse_auth, BodyBuilder().int32(10).cstring("").int8(7).bytes(), trailing},
        {"auth sasl continue", parse_auth, BodyBuilder().int32(11).raw("r=abc").bytes(), ok},
        {"auth sasl final", parse_auth, BodyBuilder().int32(12).raw("v=abc").bytes(), ok},
        {"auth kerberos", parse_auth, BodyBuilder().int32(2).bytes(), unsupported},
        {"auth gss", parse_auth, BodyBuilder().int32(7).bytes(), unsupported},
        {"auth sspi", parse_auth, BodyBuilder().int32(9).bytes(), unsupported},
        {"auth unknown", parse_auth, BodyBuilder().int32(99).bytes(), unsupported},

        {"status", parse_status, BodyBuilder().cstring("TimeZone").cstring("UTC").bytes(), ok},
        {"status no value", parse_status, BodyBuilder().cstring("TimeZone").bytes(), truncated},
        {"status unterminated", parse_status, BodyBuilder().cstring("a").raw("b").bytes(), truncated},
        {"status trailing", parse_status, BodyBuilder().cstring("a").cstring("b").int8(1).bytes(), trailing},

        {"key", parse_key, BodyBuilder().int32(1).int32(2).bytes(), ok},
        {"key 32 bytes", parse_key, BodyBuilder().int32(1).raw(std::string(32, 'k')).bytes(), ok},
        {"key 256 bytes", parse_key, BodyBuilder().int32(1).raw(std::string(256, 'k')).bytes(), ok},
        {"key 257 bytes", parse_key, BodyBuilder().int32(1).raw(std::string(257, 'k')).bytes(), invalid},
        {"key 2 bytes", parse_key, BodyBuilder().int32(1).int16(2).bytes(), invalid},
        {"key missing", parse_key, BodyBuilder().int32(1).bytes(), invalid},
        {"key no process id", parse_key, BodyBuilder().int16(1).bytes(), truncated},

        {"ready idle", parse_ready, {'I'}, ok},
        {"ready in transaction", parse_ready, {'T'}, ok},
        {"ready failed", parse_ready, {'E'}, ok},
        {"ready bad status", parse_ready, {'X'}, invalid},
        {"ready empty", parse_ready, {}, truncated},
        {"ready long", parse_ready, {'I', 'I'}, trailing},

        {"negotiate", parse_negotiate, BodyBuilder().int32(0).int32(1).cstring("_pq_.x").bytes(), ok},
        {"negotiate missing option", parse_negotiate, BodyBuilder().int32(0).int32(2).cstring("_pq_.x").bytes(), truncated},
        {"negotiate negative count", parse_negotiate, BodyBuilder().int32(0).int32(-1).bytes(), invalid},
        {"negotiate huge count", parse_negotiate, BodyBuilder().int32(0).int32(0x7fffffff).bytes(), truncated},
        {"negotiate trailing", parse_negotiate, BodyBuilder().int32(0).int32(0).int8(0).bytes(), trailing},

        {"error", parse_error, BodyBuilder().int8('M').cstring("boom").int8(0).bytes(), ok},
        {"error only terminator", parse_error, {0}, ok},
        {"error empty", parse_error, {}, truncated},
        {"error no terminator", parse_error, BodyBuilder().int8('M').cstring("boom").bytes(), truncated},
        {"error unterminated value", parse_error, BodyBuilder().int8('M').raw("boom").bytes(), truncated},
        {"error trailing", parse_error, BodyBuilder().int8(0).int8('M').bytes(), trailing},

        {"row description", parse_rows, one_column("id"), ok},
        {"row description none", parse_rows, BodyBuilder().int16(0).bytes(), ok},
        {"row description negative", parse_rows, BodyBuilder().int16(-1).bytes(), invalid},
        {"row description cut", parse_rows, without_last_byte(one_column("id")), truncated},
        {"row description trailing", parse_rows, BodyBuilder().raw(one_column("id")).int8(0).bytes(), trailing},
        {"row description huge count", parse_rows, BodyBuilder().int16(30000).bytes(), truncated},

        {"data row", parse_row, BodyBuilder().int16(2).int32(1).raw("a").int32(-1).bytes(), ok},
        {"data row empty value", parse_row, BodyBuilder().int16(1).int32(0).bytes(), ok},
        {"data row no fields", parse_row, BodyBuilder().int16(0).bytes(), ok},
        {"data row negative count", parse_row, BodyBuilder().int16(-2).bytes(), invalid},
        {"data row length -2", parse_row, BodyBuilder().int16(1).int32(-2).bytes(), invalid},
        {"data row value cut", parse_row, BodyBuilder().int16(1).int32(5).raw("abc").bytes(), truncated},
        {"data row missing field", parse_row, BodyBuilder().int16(2).int32(1).raw("a").bytes(), truncated},
        {"data row trailing", parse_row, BodyBuilder().int16(1).int32(1).raw("ab").bytes(), trailing},
        {"data row huge length", parse_row, BodyBuilder().int16(1).int32(0x7fffffff).bytes(), truncated},

        {"command complete", parse_complete, BodyBuilder().cstring("SELECT 1").bytes(), ok},
        {"command complete unterminated", parse_complete, BodyBuilder().raw("SELECT 1").bytes(), truncated},
        {"command complete trailing", parse_complete, BodyBuilder().cstring("SELECT 1").int8(0).bytes(), trailing},

        {"empty body", [](Bytes body) { return parse_empty_body(body); }, {}, ok},
        {"empty body with byte", [](Bytes body) { return parse_empty_body(body); }, {0}, trailing},

        {"copy response", parse_copy, BodyBuilder().int8(0).int16(2).int16(0).int16(0).bytes(), ok},
        {"copy response binary", parse_copy, BodyBuilder().int8(1).int16(1).int16(1).bytes(), ok},
        {"copy response bad overall", parse_copy, BodyBuilder().int8(2).int16(0).bytes(), invalid},
        {"copy response bad column", parse_copy, BodyBuilder().int8(0).int16(1).int16(3).bytes(), invalid},
        {"copy response negative count", parse_copy, BodyBuilder().int8(0).int16(-1).bytes(), invalid},
        {"copy response missing column", parse_copy, BodyBuilder().int8(0).int16(2).int16(0).bytes(), truncated},
        {"copy response trailing", parse_copy, BodyBuilder().int8(0).int16(0).int8(0).bytes(), trailing},

        {"notification", parse_notification, BodyBuilder().int32(7).cstring("channel").cstring("payload").bytes(), ok},
        {"notification no payload", parse_notification, BodyBuilder().int32(7).cstring("channel").bytes(), truncated},
        {"notification trailing", parse_notification, BodyBuilder().int32(7).cstring("c").cstring("p").int8(1).bytes(), trailing},
    };

    for (const auto& test_case : cases) {
        INFO("case: " << test_case.name);
        CHECK(test_case.parse(test_case.body) == test_case.expected);
    }
}

TEST_CASE("authentication request fields") {
    AuthenticationRequest request;

    const ByteVector md5 = BodyBuilder().int32(5).raw("\x01\x02\x03\xff").bytes();
    REQUIRE_FALSE(parse_authentication(md5, request));
    CHECK(request.kind == AuthenticationKind::md5_password);
    CHECK(request.md5_salt[0] == 0x01);
    CHECK(request.md5_salt[3] == 0xff);

    const ByteVector sasl = BodyBuilder().int32(10).cstring("SCRAM-SHA-256-PLUS").cstring("SCRAM-SHA-256").cstring("").bytes();
    REQUIRE_FALSE(parse_authentication(sasl, request));
    CHECK(request.kind == AuthenticationKind::sasl);
    CHECK(request.sasl_mechanisms == std::vector<std::string>{"SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"});

    const ByteVector final_message = BodyBuilder().int32(12).raw("v=xyz").bytes();
    REQUIRE_FALSE(parse_authentication(final_message, request));
    CHECK(std::string(request.sasl_data.begin(), request.sasl_data.end()) == "v=xyz");

    const ByteVector gss = BodyBuilder().int32(7).bytes();
    CHECK(parse_authentication(gss, request) == errc::unsupported_auth_method);
    CHECK(request.code == 7);
    CHECK(authentication_method_name(request.code) == "GSSAPI");
}

TEST_CASE("data row with nulls") {
    const ByteVector body = BodyBuilder().int16(4).int32(-1).int32(3).raw("abc").int32(0).int32(-1).bytes();
    DataRow row;
    REQUIRE_FALSE(parse_data_row(body, row));
    CHECK(row.field_count() == 4);

    FieldValue field;
    REQUIRE(row.next(field));
    CHECK(field.is_null);

    REQUIRE(row.next(field));
    CHECK_FALSE(field.is_null);
    CHECK(std::string(field.bytes.begin(), field.bytes.end()) == "abc");
    CHECK(field.bytes.data() == body.data() + 2 + 4 + 4);

    REQUIRE(row.next(field));
    CHECK_FALSE(field.is_null);
    CHECK(field.bytes.empty());

    REQUIRE(row.next(field));
    CHECK(field.is_null);

    CHECK_FALSE(row.next(field));
}

TEST_CASE("row description fields") {
    std::vector<ColumnDescription> columns;
    REQUIRE_FALSE(parse_row_description(one_column("id"), columns));
    REQUIRE(columns.size() == 1);
    CHECK(columns[0].name == "id");
    CHECK(columns[0].table_oid == 16384);
    CHECK(columns[0].column_number == 1);
    CHECK(columns[0].type_oid == 23);
    CHECK(columns[0].type_size == 4);
    CHECK(columns[0].type_modifier == -1);
    CHECK(columns[0].format_code == 0);
}

TEST_CASE("framing of one message") {
    const ByteVector message = BodyBuilder().cstring("SELECT 1").message('C');

    SECTION("complete message with bytes after it") {
        ByteVector bytes = message;
        bytes.push_back('Z');
        const FrameResult frame = parse_frame(bytes);
        CHECK(frame.status == FrameStatus::complete);
        CHECK(frame.tag == 'C');
        CHECK(frame.total_length == message.size());
        CHECK(frame.body.size() == message.size() - 5);
        CHECK(frame.body.data() == bytes.data() + 5);
    }

    SECTION("every proper prefix needs more bytes") {
        for (std::size_t size = 0; size < message.size(); ++size) {
            INFO("prefix of " << size << " bytes");
            const FrameResult frame = parse_frame(Bytes(message.data(), size));
            CHECK(frame.status == FrameStatus::need_more_bytes);
            if (size >= 5) CHECK(frame.total_length == message.size());
        }
    }

    SECTION("empty body") {
        const ByteVector done = BodyBuilder().message('c');
        const FrameResult frame = parse_frame(done);
        CHECK(frame.status == FrameStatus::complete);
        CHECK(frame.body.empty());
    }

    SECTION("length below 4") {
        const ByteVector bytes = {'C', 0, 0, 0, 3};
        const FrameResult frame = parse_frame(bytes);
        CHECK(frame.status == FrameStatus::invalid);
        CHECK(frame.error == errc::invalid_length);
        CHECK(frame.length_word == 3);
    }

    SECTION("length with the sign bit set") {
        const ByteVector bytes = {'D', 0x80, 0, 0, 0};
        const FrameResult frame = parse_frame(bytes);
        CHECK(frame.status == FrameStatus::invalid);
        CHECK(frame.error == errc::invalid_length);
        CHECK(frame.length_word == 0x80000000u);
    }

    SECTION("unknown tag is rejected from its first byte") {
        const ByteVector bytes = {'x'};
        const FrameResult frame = parse_frame(bytes);
        CHECK(frame.status == FrameStatus::invalid);
        CHECK(frame.error == errc::unknown_message_type);
        CHECK(frame.tag == 'x');
    }
}

TEST_CASE("message names and tags") {
    CHECK(backend_message_name('D') == "DataRow");
    CHECK(backend_message_name('W') == "CopyBothResponse");
    CHECK(backend_message_name('x').empty());
    CHECK(describe_tag('D') == "'D'");
    CHECK(describe_tag('\0') == "0x00");
    CHECK(describe_tag('\xff') == "0xff");
}

TEST_CASE("backend key data keeps the whole key") {
    BackendKeyData key;
    const ByteVector body = BodyBuilder().int32(77).raw(std::string(32, 'x')).int8(9).bytes();
    REQUIRE_FALSE(parse_backend_key_data(body, key));
    CHECK(key.process_id == 77);
    REQUIRE(key.secret_key.size() == 33);
    CHECK(key.secret_key.front() == 'x');
    CHECK(key.secret_key.back() == 9);
}
