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

// A CHECK constraint of a domain.
struct DomainCheckRecord {
    CatalogId id;
    std::string name;
    std::string definition;                 // pg_get_constraintdef, ending in NOT VALID if so
    bool validated = true;
    // Written after the data as ALTER DOMAIN ... ADD CONSTRAINT: NOT VALID
    // constraints, and constraints that loop repair moves out of CREATE DOMAIN.
    bool separate = false;
};

// The pg_type fields that pg_dump's dumpBaseType writes for a base type (typtype 'b').
// Functions are regproc text, "-" when unset.
struct BaseTypeDetails {
    std::int64_t length = -1;               // typlen, -1 for variable
    std::string input;
    std::string output;
    std::string receive = "-";
    std::string send = "-";
    std::string modifier_input = "-";       // typmodin
    std::string modifier_output = "-";      // typmodout
    std::string analyze = "-";
    std::string subscript = "-";            // typsubscript, PostgreSQL 14 and later
    bool by_value = false;
    char alignment = 'i';                   // typalign: c, s, i or d
    char storage = 'p';                     // typstorage: p, e, x or m
    bool collatable = false;
    std::optional<std::string> element;     // format_type(typelem, NULL)
    char category = 'U';
    bool preferred = false;
    std::string delimiter = ",";
};

// One type of kind enum (e), composite (c), range (r), domain (d) or base (b),
// with what pg_dump's dumpEnumType, dumpCompositeType, dumpRangeType,
// dumpDomain and dumpBaseType read for it.
struct TypeRecord {
    CatalogId id;
    std::string name;
    std::uint32_t namespace_oid = 0;
    std::uint32_t owner_oid = 0;
    char kind = 'e';                        // typtype
    std::uint32_t relation_oid = 0;         // typrelid of a composite type
    // False for the types that other objects create: row types of tables,
    // array types and multiranges. The details below are read only for
    // dumpable types.
    bool dumpable = true;
    // A table's row type, an array type or a multirange: pg_dump's
    // DO_DUMMY_TYPE, which sorts after tables.
    bool is_dummy = false;
    std::optional<std::string> acl;
    std::string acl_default;                // acldefault('T', typowner)
    std::optional<std::string> initial_acl;

    std::vector<std::string> enum_labels;   // in enumsortorder

    // Range types.
    std::string range_subtype;              // format_type(rngsubtype, NULL)
    std::optional<std::string> multirange_name;  // format_type(rngmultitypid, NULL), 14+
    bool default_opclass = true;
    std::string opclass_schema;
    std::string opclass_name;
    std::uint32_t range_collation = 0;      // 0 when it is the subtype's collation
    std::string canonical;                  // regproc text, "-" when none
    std::string subtype_diff;               // regproc text, "-" when none

    // Domains.
    std::string base_type;                  // format_type(typbasetype, typtypmod)
    std::uint32_t domain_collation = 0;     // 0 when it is the base type's collation
    bool not_null = false;
    std::optional<std::string> default_expression;  // pg_get_expr(typdefaultbin)
    std::optional<std::string> default_literal;     // typdefault when typdefaultbin is NULL
    std::vector<DomainCheckRecord> checks;  // in conname order

    BaseTypeDetails base;                   // base types only
};

// Reads every type of the given schemas except pseudo-types. Enum, composite,
// range, domain and base types are dumpable. The others are returned so that
// dependencies can be followed through them, because a function that returns
// a table's row type depends on the table. Types in
// pg_catalog are read only when their ACL differs from pg_init_privs, unless
// `all_pg_catalog_types` is set.
std::error_code read_types(QueryRunner& runner, int server_version_num,
                           const std::vector<std::uint32_t>& namespace_oids,
                           bool all_pg_catalog_types, std::vector<TypeRecord>& types,
                           protocol::Diagnostics& diagnostics);

}  // namespace wiredump::catalog
