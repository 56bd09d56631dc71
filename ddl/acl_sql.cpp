#include "ddl/acl_sql.hpp"

#include "catalog/result_columns.hpp"

#include <algorithm>
#include <cctype>

namespace wiredump::ddl {

namespace {

class AclCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "wiredump.acl"; }

    std::string message(int value) const override {
        switch (static_cast<acl_errc>(value)) {
        case acl_errc::invalid_acl_array:
            return "an ACL read from the catalog is not an aclitem[] literal; report the "
                   "server version and the object's ACL";
        case acl_errc::invalid_acl_item:
            return "an ACL item read from the catalog is not of the form "
                   "grantee=privileges/grantor; report the server version and the object's ACL";
        }
        return "unknown ACL error " + std::to_string(value);
    }
};

struct Privilege {
    char letter;
    const char* keyword;
};

// Privileges in the order pg_dump lists them, which is not the order of the
// letters in aclitem text.
std::vector<Privilege> privileges_of(std::string_view type, bool for_column,
                                     int server_version_num) {
    // Default privileges name the kind in the plural (TABLES, FUNCTIONS, ...)
    // and share its privileges. No singular type name ends in 'S'.
    if (!type.empty() && type.back() == 'S') {
        return privileges_of(type.substr(0, type.size() - 1), for_column, server_version_num);
    }
    if (type == "TABLE" || type == "SEQUENCE") {
        std::vector<Privilege> list{{'r', "SELECT"}};
        if (type == "SEQUENCE") {
            list.push_back({'U', "USAGE"});
        } else {
            list.push_back({'a', "INSERT"});
            list.push_back({'x', "REFERENCES"});
            if (!for_column) {
                list.push_back({'d', "DELETE"});
                list.push_back({'t', "TRIGGER"});
                list.push_back({'D', "TRUNCATE"});
                if (server_version_num >= 170000) list.push_back({'m', "MAINTAIN"});
            }
        }
        list.push_back({'w', "UPDATE"});
        return list;
    }
    if (type == "FUNCTION" || type == "PROCEDURE") return {{'X', "EXECUTE"}};
    if (type == "SCHEMA") return {{'C', "CREATE"}, {'U', "USAGE"}};
    if (type == "DATABASE") return {{'C', "CREATE"}, {'c', "CONNECT"}, {'T', "TEMPORARY"}};
    if (type == "TABLESPACE") return {{'C', "CREATE"}};
    if (type == "LARGE OBJECT") return {{'r', "SELECT"}, {'w', "UPDATE"}};
    // TYPE, LANGUAGE, FOREIGN DATA WRAPPER and FOREIGN SERVER.
    return {{'U', "USAGE"}};
}

// The privilege lists of one item, "ALL" when every privilege of the kind is present.
struct PrivilegeLists {
    std::string without_grant_option;
    std::string with_grant_option;
};

void append_keyword(std::string& list, const char* keyword,
                    const std::optional<std::string>& column) {
    if (!list.empty()) list += ',';
    list += keyword;
    if (column) list += "(" + *column + ")";
}

// With merge_grant_option, every privilege goes to without_grant_option, as
// REVOKE removes a privilege together with its grant option.
PrivilegeLists privilege_lists(const AclItem& item, const AclTarget& target,
                               int server_version_num, bool merge_grant_option) {
    PrivilegeLists lists;
    bool all_with_grant_option = true;
    bool all_without_grant_option = true;

    for (const Privilege& privilege :
         privileges_of(target.type, target.column.has_value(), server_version_num)) {
        std::size_t position = item.privileges.find(privilege.letter);
        if (position == std::string::npos) {
            all_with_grant_option = false;
            all_without_grant_option = false;
            continue;
        }
        bool grant_option = position + 1 < item.privileges.size() &&
                            item.privileges[position + 1] == '*';
        if (grant_option && !merge_grant_option) {
            append_keyword(lists.with_grant_option, privilege.keyword, target.column);
            all_without_grant_option = false;
        } else {
            append_keyword(lists.without_grant_option, privilege.keyword, target.column);
            all_with_grant_option = false;
        }
    }

    std::string all = "ALL";
    if (target.column) all += "(" + *target.column + ")";
    if (all_with_grant_option) {
        lists = {"", all};
    } else if (all_without_grant_option) {
        lists = {all, ""};
    }
    return lists;
}

// Reads a role name up to an unquoted `stop` character, undoing the server's
// quoting ("" inside quotes is one quote).
std::size_t read_role_name(std::string_view text, std::size_t position, char stop,
                           std::string& name) {
    name.clear();
    while (position < text.size() && text[position] != stop) {
        if (text[position] != '"') {
            name.push_back(text[position++]);
            continue;
        }
        ++position;
        while (position < text.size()) {
            if (text[position] == '"') {
                if (position + 1 < text.size() && text[position + 1] == '"') {
                    name.push_back('"');
                    position += 2;
                    continue;
                }
                break;
            }
            name.push_back(text[position++]);
        }
        ++position;  // closing quote
    }
    return position;
}

void quote_role_name(std::string_view name, std::string& output) {
    bool safe = std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
    if (!safe) output.push_back('"');
    for (char c : name) {
        if (c == '"') output.push_back('"');
        output.push_back(c);
    }
    if (!safe) output.push_back('"');
}

std::error_code split_acl(std::string_view literal, std::vector<std::string>& items) {
    if (literal.size() < 2 || literal.front() != '{' || literal.back() != '}') {
        return acl_errc::invalid_acl_array;
    }
    items = catalog::parse_text_array(literal);
    return {};
}

std::string object_reference(const AclTarget& target, const catalog::KeywordSet& keywords) {
    std::string text;
    if (target.schema && !target.schema->empty()) {
        text += catalog::quote_identifier(*target.schema, keywords) + ".";
    }
    return text + target.name;
}

std::string grantee_text(const AclItem& item, const catalog::KeywordSet& keywords) {
    return item.grantee.empty() ? "PUBLIC" : catalog::quote_identifier(item.grantee, keywords);
}

void append_grants(const AclTarget& target, const AclItem& item, const PrivilegeLists& lists,
                   const catalog::KeywordSet& keywords, std::string& sql) {
    std::string grantor = item.grantor.empty() ? target.owner : item.grantor;
    bool switch_role = !grantor.empty() && grantor != target.owner;
    std::string on = " ON " + target.type + " " + object_reference(target, keywords) + " TO ";

    if (switch_role) {
        sql += "SET SESSION AUTHORIZATION " + catalog::quote_identifier(grantor, keywords) + ";\n";
    }
    if (!lists.without_grant_option.empty()) {
        sql += target.prefix + "GRANT " + lists.without_grant_option + on +
               grantee_text(item, keywords) + ";\n";
    }
    if (!lists.with_grant_option.empty()) {
        sql += target.prefix + "GRANT " + lists.with_grant_option + on +
               grantee_text(item, keywords) + " WITH GRANT OPTION;\n";
    }
    if (switch_role) sql += "RESET SESSION AUTHORIZATION;\n";
}

}  // namespace

const std::error_category& acl_category() {
    static const AclCategory category;
    return category;
}

std::error_code parse_acl_item(std::string_view text, AclItem& item) {
    std::size_t equals = read_role_name(text, 0, '=', item.grantee);
    if (equals >= text.size()) return acl_errc::invalid_acl_item;

    std::size_t slash = text.find('/', equals + 1);
    if (slash == std::string_view::npos) return acl_errc::invalid_acl_item;
    item.privileges = std::string(text.substr(equals + 1, slash - equals - 1));

    std::size_t end = read_role_name(text, slash + 1, '\0', item.grantor);
    if (end < text.size()) return acl_errc::invalid_acl_item;
    return {};
}

std::string format_acl_item(const AclItem& item) {
    std::string text;
    quote_role_name(item.grantee, text);
    text += "=" + item.privileges + "/";
    quote_role_name(item.grantor, text);
    return text;
}

std::string public_schema_base_acl(std::string_view owner) {
    std::string owner_item = format_acl_item({std::string(owner), std::string(owner), "UC"});
    std::string public_item = format_acl_item({"", std::string(owner), "U"});
    // Array elements that contain double quotes or backslashes need quoting
    // themselves; the parser below undoes it.
    auto element = [](const std::string& item) {
        if (item.find_first_of("\"\\{},= ") == std::string::npos) return item;
        std::string quoted = "\"";
        for (char c : item) {
            if (c == '"' || c == '\\') quoted.push_back('\\');
            quoted.push_back(c);
        }
        return quoted + "\"";
    };
    return "{" + element(owner_item) + "," + element(public_item) + "}";
}

std::error_code build_acl_commands(const AclTarget& target, const std::optional<std::string>& acl,
                                   std::string_view base_acl, int server_version_num,
                                   const catalog::KeywordSet& keywords, std::string& sql) {
    if (!acl || acl->empty()) return {};

    std::vector<std::string> items;
    std::vector<std::string> base_items;
    if (std::error_code error = split_acl(*acl, items)) return error;
    if (std::error_code error = split_acl(base_acl, base_items)) return error;

    // Items are compared as text, as pg_dump does, because both sides come
    // from the server's aclitemout and equal items have equal text.
    auto contains = [](const std::vector<std::string>& list, const std::string& value) {
        return std::find(list.begin(), list.end(), value) != list.end();
    };

    std::string revokes;
    for (const std::string& text : base_items) {
        if (contains(items, text)) continue;
        AclItem item;
        if (std::error_code error = parse_acl_item(text, item)) return error;
        PrivilegeLists lists = privilege_lists(item, target, server_version_num, true);
        if (lists.without_grant_option.empty()) continue;
        revokes += target.prefix + "REVOKE " + lists.without_grant_option + " ON " + target.type +
                   " " + object_reference(target, keywords) + " FROM " +
                   grantee_text(item, keywords) + ";\n";
    }

    // The owner's grants to itself go right after the REVOKEs, so that the
    // owner has its grant options before it grants to anyone else.
    std::string owner_grants;
    std::string other_grants;
    for (const std::string& text : items) {
        if (contains(base_items, text)) continue;
        AclItem item;
        if (std::error_code error = parse_acl_item(text, item)) return error;
        PrivilegeLists lists = privilege_lists(item, target, server_version_num, false);
        if (lists.without_grant_option.empty() && lists.with_grant_option.empty()) continue;

        std::string grantor = item.grantor.empty() ? target.owner : item.grantor;
        bool owner_to_owner =
            !target.owner.empty() && item.grantee == target.owner && grantor == target.owner;
        append_grants(target, item, lists, keywords, owner_to_owner ? owner_grants : other_grants);
    }

    sql += revokes + owner_grants + other_grants;
    return {};
}

}  // namespace wiredump::ddl
