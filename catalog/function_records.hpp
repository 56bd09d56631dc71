#pragma once

#include "catalog/catalog_model.hpp"
#include "catalog/query_runner.hpp"
#include "protocol/diagnostics.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace wiredump::catalog {

// One pg_proc row other than an aggregate, with the text that pg_dump's
// dumpFunc reads from the server.
struct FunctionRecord {
    CatalogId id;
    std::string name;
    std::uint32_t namespace_oid = 0;
    std::uint32_t owner_oid = 0;
    char kind = 'f';                        // prokind: f, p (procedure) or w (window)
    bool returns_set = false;
    std::string source;                     // prosrc
    std::string binary;                     // probin, "" when NULL
    char volatility = 'v';
    bool strict = false;
    bool security_definer = false;
    bool leakproof = false;
    char parallel = 'u';
    std::string language;                   // lanname
    std::vector<std::string> config;        // proconfig items "name=value"
    std::string cost;                       // procost as text
    std::string rows;                       // prorows as text
    std::string support;                    // prosupport as regproc text, "-" when none
    std::string arguments;                  // pg_get_function_arguments
    std::string identity_arguments;         // pg_get_function_identity_arguments
    std::optional<std::string> result;      // pg_get_function_result, NULL for procedures
    std::string transform_types;            // "FOR TYPE a, FOR TYPE b", "" when none
    std::optional<std::string> sql_body;    // pg_get_function_sqlbody (14+)
    std::vector<std::string> argument_types;        // format_type of each proargtypes entry
    std::vector<std::string> argument_type_schemas; // for sorting: schema of each argument type
    std::vector<std::string> argument_type_names;   // for sorting: pg_type.typname of each
    std::optional<std::string> acl;
    std::string acl_default;                // acldefault('f', proowner)
    std::optional<std::string> initial_acl; // pg_init_privs.initprivs
};

// An SQL array of `expression` over the input argument types of the pg_proc
// row aliased p, in argument order. The expression may use ty, the argument's
// pg_type row, and tn, that type's pg_namespace row. format_type() and the
// type's schema and name, pg_dump's tie-breakers for functions, are built this way.
std::string argument_type_array(const char* expression);

// Reads the functions and procedures of the given schemas, leaving out
// aggregates and functions that another object owns internally (such as
// range constructors), as pg_dump's getFuncs does. Functions in pg_catalog
// are read only when their ACL differs from pg_init_privs.
std::error_code read_functions(QueryRunner& runner, int server_version_num,
                               const std::vector<std::uint32_t>& namespace_oids,
                               std::vector<FunctionRecord>& functions,
                               protocol::Diagnostics& diagnostics);

}  // namespace wiredump::catalog
