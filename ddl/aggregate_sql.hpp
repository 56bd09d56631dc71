#pragma once

// CREATE AGGREGATE text as pg_dump 15's dumpAgg writes it, kept apart from
// the catalog read so that unit tests can call it on hand-built records.

#include "catalog/catalog_model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wiredump::ddl {

struct PlanContext;

// One pg_aggregate row joined to its pg_proc row. Function and type fields
// contain the server's regproc and format_type text under an empty
// search_path, so names outside pg_catalog are schema-qualified. A function
// field of "-" means no function.
struct AggregateRecord {
    catalog::CatalogId id;
    std::string name;
    std::uint32_t namespace_oid = 0;
    std::uint32_t owner_oid = 0;
    char kind = 'n';                        // aggkind: n normal, o ordered-set, h hypothetical
    std::string arguments;                  // pg_get_function_arguments
    std::string identity_arguments;         // pg_get_function_identity_arguments
    std::vector<std::string> argument_types;        // format_type of each proargtypes entry
    std::vector<std::string> argument_type_schemas; // for sorting
    std::vector<std::string> argument_type_names;   // for sorting
    std::string transition_function = "-";         // aggtransfn
    std::string transition_type;                    // aggtranstype
    std::string transition_space = "0";             // aggtransspace
    std::optional<std::string> initial_value;       // agginitval
    std::string final_function = "-";
    bool final_extra = false;
    char final_modify = 'r';
    std::string combine_function = "-";
    std::string serial_function = "-";
    std::string deserial_function = "-";
    std::string moving_transition_function = "-";   // aggmtransfn
    std::string moving_inverse_function = "-";      // aggminvtransfn
    std::string moving_transition_type;             // aggmtranstype, "" when 0
    std::string moving_transition_space = "0";
    std::optional<std::string> moving_initial_value;
    std::string moving_final_function = "-";
    bool moving_final_extra = false;
    char moving_final_modify = 'r';
    // "OPERATOR(schema.name)" of aggsortop, unset when there is none.
    std::optional<std::string> sort_operator;
    char parallel = 'u';                            // proparallel
    std::optional<std::string> acl;                 // proacl
    std::string acl_default;                        // acldefault('f', proowner)
    std::optional<std::string> initial_acl;         // pg_init_privs.initprivs
    bool dumped = false;
};

// "name(identity arguments)" with the name quoted, or "name(*)" without
// arguments: the signature of DROP, ALTER and COMMENT.
std::string aggregate_signature(const PlanContext& context, const AggregateRecord& aggregate);

// "name(type, type)" with the name unquoted, or "name(*)": the TOC tag.
std::string aggregate_tag(const AggregateRecord& aggregate);

// "CREATE AGGREGATE s.name(args) (\n    SFUNC = ...\n);\n".
std::string create_aggregate_sql(const PlanContext& context, const AggregateRecord& aggregate);

// "DROP AGGREGATE s.name(args);\n".
std::string drop_aggregate_sql(const PlanContext& context, const AggregateRecord& aggregate);

}  // namespace wiredump::ddl
