// Feeds arbitrary bytes to ScramClient as the server-first and server-final
// messages. The only property checked is that no input crashes, leaks or
// throws. Input layout: server-first '\n' server-final '\n' password, where
// missing parts are empty.
#include "protocol/scram_client.hpp"
#include "protocol/scram_messages.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

// Cuts `input` at the first newline and returns the part before it.
std::string_view take_line(std::string_view& input) {
    const std::size_t newline = input.find('\n');
    const std::string_view line = input.substr(0, newline);
    input.remove_prefix(newline == std::string_view::npos ? input.size() : newline + 1);
    return line;
}

// PBKDF2 time grows linearly with the iteration count, and large counts would
// slow the fuzzer without reaching new code.
constexpr int max_fuzzed_iterations = 16;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::string_view server_first = take_line(input);
    const std::string_view server_final = take_line(input);
    const std::string_view password = input;

    wiredump::protocol::scram::ServerFirst parsed;
    if (!wiredump::protocol::scram::parse_server_first(server_first, parsed) &&
        parsed.iterations > max_fuzzed_iterations) {
        return 0;
    }

    // A one-character client nonce lets the fuzzer find valid server nonces.
    wiredump::protocol::ScramClient client{std::string(password), "N"};
    client.client_first_message();

    std::string client_final;
    if (client.handle_server_first(server_first, client_final)) {
        return 0;
    }
    (void)client.verify_server_final(server_final);
    return 0;
}
