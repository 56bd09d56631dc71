// Feeds arbitrary text to the aclitem parser and to the GRANT/REVOKE builder,
// which parse aclitem[] literals read from the catalogs. The only property
// checked is that no input crashes, leaks or triggers undefined behaviour.

#include "ddl/acl_sql.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);

    wiredump::ddl::AclItem item;
    if (!wiredump::ddl::parse_acl_item(text, item)) {
        (void)wiredump::ddl::format_acl_item(item);
    }

    // The first line is the object's ACL and the rest its baseline.
    auto newline = text.find('\n');
    std::string acl(text.substr(0, newline));
    std::string_view base = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);

    wiredump::ddl::AclTarget target;
    target.type = "TABLE";
    target.name = "t";
    target.schema = "public";
    target.owner = "owner";
    wiredump::catalog::KeywordSet keywords;
    std::string sql;
    (void)wiredump::ddl::build_acl_commands(target, acl, base, 150000, keywords, sql);
    return 0;
}
