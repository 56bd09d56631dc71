#pragma once

#include <string>
#include <string_view>

namespace wiredump::protocol {

// Returns text with every password replaced by "********", for messages that
// echo a connection string or URI: the "password" value of a keyword/value
// string (quoted or not), the password of a URI's user information, and a
// "password" URI query parameter. Other text is returned unchanged.
std::string mask_connection_string_password(std::string_view text);

}  // namespace wiredump::protocol
