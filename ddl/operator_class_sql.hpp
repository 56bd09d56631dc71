#pragma once

// CREATE OPERATOR CLASS and CREATE OPERATOR FAMILY text as pg_dump 15's
// dumpOpclass and dumpOpfamily write it, kept apart from the catalog read so
// that unit tests can call it on hand-built records.

#include "catalog/catalog_model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wiredump::ddl {

struct PlanContext;

// One pg_amop row that belongs to a class or family through pg_depend.
struct OperatorClassOperator {
    std::string strategy;                  // amopstrategy
    std::string operator_name;             // amopopr as regoperator text
    // The sort family of an ordering operator, unset for a search operator.
    std::optional<std::string> sort_family_schema;
    std::optional<std::string> sort_family_name;
};

// One pg_amproc row that belongs to a class or family through pg_depend.
struct OperatorClassFunction {
    std::string number;                    // amprocnum
    std::string function;                  // amproc as regprocedure text
    std::string left_type;                 // amproclefttype as regtype text
    std::string right_type;
};

// One pg_opclass or pg_opfamily row with its members. Types are regtype
// text under an empty search_path, where "-" means no type.
struct OperatorClassRecord {
    bool is_family = false;
    catalog::CatalogId id;
    std::string name;
    std::uint32_t namespace_oid = 0;
    std::uint32_t owner_oid = 0;
    std::string access_method;             // amname
    // Class only: opcintype, opckeytype, opcdefault and its family, which
    // is unset when the family cannot be found.
    std::string input_type;
    std::string storage_type = "-";
    bool is_default = false;
    std::optional<std::string> family_schema;
    std::optional<std::string> family_name;
    std::vector<OperatorClassOperator> operators;   // by strategy number
    std::vector<OperatorClassFunction> functions;   // by support function number
    bool dumped = false;
};

// "OPERATOR CLASS" or "OPERATOR FAMILY".
std::string operator_class_desc(const OperatorClassRecord& record);

// "name USING method", both quoted: the name of COMMENT.
std::string operator_class_comment_name(const PlanContext& context,
                                        const OperatorClassRecord& record);

// A class: "CREATE OPERATOR CLASS s.name\n    [DEFAULT ]FOR TYPE t USING m
// [FAMILY s.f] AS\n    OPERATOR 1 ... ,\n    FUNCTION 1 ...;\n". A family:
// "CREATE OPERATOR FAMILY s.name USING m;\n" and, when it has loose members,
// "ALTER OPERATOR FAMILY s.name USING m ADD\n    ...;\n".
std::string create_operator_class_sql(const PlanContext& context,
                                      const OperatorClassRecord& record);

// "DROP OPERATOR CLASS s.name USING m;\n" or "DROP OPERATOR FAMILY ...".
std::string drop_operator_class_sql(const PlanContext& context, const OperatorClassRecord& record);

}  // namespace wiredump::ddl
