#pragma once

// GRANT and REVOKE statements that turn an object's baseline privileges into
// its current ones, written the way pg_dump 15's buildACLCommands writes them
// (src/bin/pg_dump/dumputils.c), so that pg_restore prints the same SQL.

#include "catalog/sql_quote.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace wiredump::ddl {

// Failures while turning aclitem[] text into statements.
enum class acl_errc {
    invalid_acl_array = 1,  // the aclitem[] text is not a one-dimensional array literal
    invalid_acl_item,       // an element is not "grantee=privileges/grantor"
};

const std::error_category& acl_category();

inline std::error_code make_error_code(acl_errc value) {
    return {static_cast<int>(value), acl_category()};
}

// One aclitem as the server prints it: grantee=privileges/grantor.
struct AclItem {
    std::string grantee;      // unquoted role name, "" for PUBLIC
    std::string grantor;      // unquoted role name
    std::string privileges;   // privilege letters, each optionally followed by '*'
};

// Parses one aclitem's text, removing the double quotes the server puts
// around role names that are not plain [A-Za-z0-9_] words.
std::error_code parse_acl_item(std::string_view text, AclItem& item);

// Writes an aclitem as the server's aclitemout does, quoting role names as it does.
std::string format_acl_item(const AclItem& item);

// The object the statements are for.
struct AclTarget {
    // The keyword after ON: TABLE (also views, materialized views and foreign
    // tables), SEQUENCE, FUNCTION, PROCEDURE, SCHEMA, TYPE (also domains),
    // LANGUAGE, DATABASE, FOREIGN DATA WRAPPER, FOREIGN SERVER or LARGE OBJECT.
    std::string type;
    std::string name;                    // quoted; "name(args)" for functions
    std::optional<std::string> column;   // quoted column name for column privileges
    std::optional<std::string> schema;   // unquoted schema that qualifies the name
    std::string owner;                   // unquoted owner, "" when unknown
    // Written before each GRANT and REVOKE: "ALTER DEFAULT PRIVILEGES FOR
    // ROLE r [IN SCHEMA s] " for default privileges, whose type is then the
    // plural TABLES, SEQUENCES, FUNCTIONS, TYPES or SCHEMAS and whose name is "".
    std::string prefix;
};

// Appends the statements that change `base_acl` into `acl`, both aclitem[]
// literals. A missing `acl` (the catalog column is NULL) means the object
// never had its privileges changed, so nothing is written. REVOKEs for
// baseline items that are gone come first, then the owner's own grants, then
// the other GRANTs in ACL order, each wrapped in SET SESSION AUTHORIZATION
// when the grantor is not the owner. server_version_num decides whether the
// table privilege MAINTAIN (17+) counts toward ALL.
std::error_code build_acl_commands(const AclTarget& target, const std::optional<std::string>& acl,
                                   std::string_view base_acl, int server_version_num,
                                   const catalog::KeywordSet& keywords, std::string& sql);

// Returns the baseline that pg_dump 15 assumes for the "public" schema
// regardless of pg_init_privs. The owner has USAGE and CREATE, and PUBLIC has USAGE.
std::string public_schema_base_acl(std::string_view owner);

}  // namespace wiredump::ddl

template <>
struct std::is_error_code_enum<wiredump::ddl::acl_errc> : std::true_type {};
