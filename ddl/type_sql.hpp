#pragma once

#include "catalog/type_records.hpp"
#include "ddl/plan_context.hpp"

#include <string>

namespace wiredump::ddl {

// Builders of the CREATE statements that pg_dump 15 writes for each kind of type.

// Builds "CREATE TYPE s.t AS ENUM (\n    'a',\n    'b'\n);\n"
std::string create_enum_sql(const PlanContext& context, const catalog::TypeRecord& type);

// Builds "CREATE TYPE s.t AS (\n\ta integer,\n\tb text COLLATE c\n);\n" from the
// columns of the type's relation.
std::string create_composite_sql(const PlanContext& context, const catalog::TypeRecord& type);

// Builds "CREATE TYPE s.t AS RANGE (\n    subtype = ...\n);\n" with a line each for
// multirange_type_name, subtype_opclass, collation, canonical and subtype_diff when set.
std::string create_range_sql(const PlanContext& context, const catalog::TypeRecord& type);

// Builds "CREATE TYPE s.t (\n    INTERNALLENGTH = ...,\n    INPUT = ...\n);\n" for a base
// type, with the optional clauses in the order and defaults of pg_dump 15's dumpBaseType.
std::string create_base_sql(const PlanContext& context, const catalog::TypeRecord& type);

// Builds "CREATE DOMAIN s.d AS base [COLLATE c] [NOT NULL] [DEFAULT x]" with one
// "\n\tCONSTRAINT name CHECK (...)" per CHECK constraint not written separately.
std::string create_domain_sql(const PlanContext& context, const catalog::TypeRecord& type);

// Builds "ALTER DOMAIN s.d\n    ADD CONSTRAINT name <definition>;\n", for a
// constraint written separately.
std::string add_domain_check_sql(const PlanContext& context, const catalog::TypeRecord& type,
                                 const catalog::DomainCheckRecord& check);

}  // namespace wiredump::ddl
